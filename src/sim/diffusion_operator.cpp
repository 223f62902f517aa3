#include "sim/diffusion_operator.h"

#include <array>
#include <cmath>
#include <memory>

#include "base/parallel_for.h"
#include "sim/site_region.h"

namespace toxplan::sim {

namespace {

enum class CellClass : std::uint8_t { Soft, Bone };

// Extra resistance (per unit area) of a face that passes a fraction tau of the toxin:
// 2(1 - tau) / (tau λ_n). Infinite (returned as a negative marker) for tau <= 0.
double membrane_resistance(double tau, double d_p, double d_q) {
  if (tau >= 1.0) return 0.0;
  if (tau <= 0.0) return -1.0;
  const double lambda_n = std::sqrt(0.5 * (d_p + d_q));
  return 2.0 * (1.0 - tau) / (tau * lambda_n);
}

}  // namespace

DiffusionOperator assemble_diffusion_operator(const SiteDomain& domain, const TissueTable& table,
                                              const SpreadParameters& params) {
  const GridFrame& frame = domain.frame;
  const std::array<int, 3> dims = frame.dims;
  const double h = frame.spacing_mm;
  const std::size_t n = frame.size();

  // Per-cell diffusivity along each grid axis and tissue class.
  // Written and read on the region's cells only.
  const auto diff = std::make_unique_for_overwrite<std::array<float, 3>[]>(n);
  const auto cls = std::make_unique_for_overwrite<CellClass[]>(n);
  const double la2 = params.lambda_along_mm * params.lambda_along_mm;
  const double lc2 = params.lambda_across_mm * params.lambda_across_mm;
  const double li2 = params.lambda_isotropic_mm * params.lambda_isotropic_mm;
  std::vector<CellClass> class_of_label(static_cast<std::size_t>(table.size()) + 1,
                                        CellClass::Soft);
  for (int label = 1; label < table.size(); ++label) {
    if (table.at(label).kind == anatomy::StructureKind::Bone) {
      class_of_label[static_cast<std::size_t>(label)] = CellClass::Bone;
    }
  }
  const float axis_f[3][3] = {
      {static_cast<float>(frame.axes[0].x), static_cast<float>(frame.axes[0].y),
       static_cast<float>(frame.axes[0].z)},
      {static_cast<float>(frame.axes[1].x), static_cast<float>(frame.axes[1].y),
       static_cast<float>(frame.axes[1].z)},
      {static_cast<float>(frame.axes[2].x), static_cast<float>(frame.axes[2].y),
       static_cast<float>(frame.axes[2].z)}};
  const float lc2_f = static_cast<float>(lc2);
  const float anisotropy_f = static_cast<float>(la2 - lc2);
  const SiteRegion& region = domain.region;
  // Body for every cell of the region, rows of z-slabs in parallel.
  auto for_region_cells = [&](auto&& body) {
    parallel_for(0, dims[2], 1, [&](std::int64_t k0, std::int64_t k1) {
      for (int k = static_cast<int>(k0); k < static_cast<int>(k1); ++k) {
        for (int j = 0; j < dims[1]; ++j) {
          const RowSpan span = region.row(j, k);
          const std::size_t row = frame.index(0, j, k);
          for (int i = span.begin; i < span.end; ++i)
            body(row + static_cast<std::size_t>(i));
        }
      }
    });
  };
  DiffusionOperator op;
  op.permeable.assign(n, 0);  // outside the region: not solved
  const bool bone_blocks = params.bone_transmission <= 0.0;
  for_region_cells([&](std::size_t c) {
    const int label = domain.labels[c];
    cls[c] =
        label < table.size() ? class_of_label[static_cast<std::size_t>(label)] : CellClass::Soft;
    op.permeable[c] = bone_blocks && cls[c] == CellClass::Bone ? 0 : 1;
    const auto& f = domain.fibre[c];
    const double f2 = double(f[0]) * f[0] + double(f[1]) * f[1] + double(f[2]) * f[2];
    if (f2 < 0.25) {
      diff[c] = {static_cast<float>(li2), static_cast<float>(li2), static_cast<float>(li2)};
      return;
    }
    // cos² between the fibre and axis a = (f·e_a)² / (f·f): no normalisation needed.
    const float inv_f2 = static_cast<float>(1.0 / f2);
    for (int a = 0; a < 3; ++a) {
      const float* ax = axis_f[a];
      const float d = f[0] * ax[0] + f[1] * ax[1] + f[2] * ax[2];
      diff[c][static_cast<std::size_t>(a)] = lc2_f + anisotropy_f * d * d * inv_f2;
    }
  });

  ScreenedPoissonSystem& s = op.system;
  s.grid = PaddedGrid(dims);
  s.rows = region.rows;
  s.gx.assign(s.grid.padded_size, 0.0f);
  s.gy.assign(s.grid.padded_size, 0.0f);
  s.gz.assign(s.grid.padded_size, 0.0f);
  s.w.assign(s.grid.padded_size, 0.0f);
  const double h3 = h * h * h;

  auto face = [&](std::size_t p, std::size_t q, int axis) -> float {
    const double dp = diff[p][static_cast<std::size_t>(axis)];
    const double dq = diff[q][static_cast<std::size_t>(axis)];
    double resistance = h / (2.0 * dp) + h / (2.0 * dq);
    const int lp = domain.labels[p], lq = domain.labels[q];
    if (lp != lq) {
      double tau = 1.0;
      if (cls[p] != cls[q]) {
        tau = params.bone_transmission;  // soft tissue <-> bone
      } else if (cls[p] == CellClass::Soft && lp != 0 && lq != 0) {
        tau = params.fascia_transmission;  // two labelled soft structures: fascia between
      }
      const double extra = membrane_resistance(tau, dp, dq);
      if (extra < 0.0) return 0.0f;
      resistance += extra;
    }
    return static_cast<float>(h * h / resistance);
  };
  // Outgoing-decay face at distance r_mm from the tip: beyond it the field is taken to decay
  // as a point source's, e^(-r/λ)/r, whose flux per unit B is D (1/λ + 1/r) = λ (1 + λ/r)
  // (with D = λ², uptake 1); in series with the half cell inside.
  auto outgoing = [&](std::size_t p, int axis, double r_mm) -> float {
    if (!op.permeable[p]) return 0.0f;
    const double d = diff[p][static_cast<std::size_t>(axis)];
    const double lambda = std::sqrt(d);
    const double exterior = lambda * (1.0 + lambda / r_mm);
    return static_cast<float>(h * h / (h / (2.0 * d) + 1.0 / exterior));
  };

  // Most faces join two cells of the same label: no membrane, G = h²/(h/2D_p + h/2D_q)
  // = 2h D_p D_q / (D_p + D_q), one single-precision division. Faces between labels take the
  // general path above.
  const float two_h = static_cast<float>(2.0 * h);
  auto same_label_face = [two_h](float dp, float dq) { return two_h * dp * dq / (dp + dq); };
  std::vector<std::vector<std::pair<std::uint32_t, float>>> slab_outflow(
      static_cast<std::size_t>(dims[2]));
  const std::size_t step[3] = {1, static_cast<std::size_t>(dims[0]),
                               static_cast<std::size_t>(dims[0]) * dims[1]};
  parallel_for(0, dims[2], 1, [&](std::int64_t k0, std::int64_t k1) {
    for (int k = static_cast<int>(k0); k < static_cast<int>(k1); ++k) {
      for (int j = 0; j < dims[1]; ++j) {
        const std::size_t c_row = frame.index(0, j, k);
        const std::size_t p_row = s.grid.at(0, j, k);
        float* g[3] = {s.gx.data() + p_row, s.gy.data() + p_row, s.gz.data() + p_row};
        const RowSpan span = region.row(j, k);
        // The region's neighbouring rows (+/-y, +/-z); an empty span beyond the grid.
        const RowSpan none{0, 0};
        const RowSpan side_span[2][2] = {
            {j > 0 ? region.row(j - 1, k) : none, j + 1 < dims[1] ? region.row(j + 1, k) : none},
            {k > 0 ? region.row(j, k - 1) : none, k + 1 < dims[2] ? region.row(j, k + 1) : none}};
        // Faces whose two cells are both in the region: along x inside the span, along y / z
        // where this row's span overlaps the next row's.
        for (int a = 0; a < 3; ++a) {
          const std::size_t d = step[a];
          const int first = a == 0 ? span.begin : std::max(span.begin, side_span[a - 1][1].begin);
          const int end = a == 0 ? span.end - 1 : std::min(span.end, side_span[a - 1][1].end);
          for (int i = first; i < end; ++i) {
            const std::size_t c = c_row + static_cast<std::size_t>(i);
            g[a][i] = domain.labels[c] == domain.labels[c + d]
                          ? same_label_face(diff[c][static_cast<std::size_t>(a)],
                                            diff[c + d][static_cast<std::size_t>(a)])
                          : face(c, c + d, a);
          }
        }
        for (int i = 0; i < dims[0]; ++i)
          s.w[p_row + static_cast<std::size_t>(i)] = static_cast<float>(h3);
        for (int i = span.begin; i < span.end; ++i) {
          const std::size_t c = c_row + static_cast<std::size_t>(i);
          const std::size_t p = p_row + static_cast<std::size_t>(i);
          // Faces toward cells outside the region (or the grid): outgoing decay, at about the
          // cell's distance from the tip plus half a cell.
          int exposed[3] = {(i == span.begin) + (i + 1 == span.end), 0, 0};
          for (int a = 1; a < 3; ++a) {
            for (const RowSpan& other : side_span[a - 1])
              exposed[a] += i < other.begin || i >= other.end;
          }
          if (exposed[0] + exposed[1] + exposed[2] == 0) {
            s.w[p] = static_cast<float>(h3);
            continue;
          }
          const double di = i - region.tip[0], dj = j - region.tip[1], dk = k - region.tip[2];
          const double r_mm = h * (std::sqrt(di * di + dj * dj + dk * dk) + 0.5);
          float boundary = 0.0f;
          for (int a = 0; a < 3; ++a) {
            if (exposed[a] > 0) boundary += outgoing(c, a, r_mm) * static_cast<float>(exposed[a]);
          }
          if (boundary > 0.0f) boundary *= static_cast<float>(region.outgoing_face_weight(i, j, k));
          s.w[p] = static_cast<float>(h3) + boundary;
          if (boundary > 0.0f) {
            slab_outflow[static_cast<std::size_t>(k)].push_back(
                {static_cast<std::uint32_t>(c), boundary});
          }
        }
      }
    }
  });
  for (auto& slab : slab_outflow) {
    op.boundary_outflow.insert(op.boundary_outflow.end(), slab.begin(), slab.end());
  }
  return op;
}

}  // namespace toxplan::sim
