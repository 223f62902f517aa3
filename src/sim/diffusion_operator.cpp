#include "sim/diffusion_operator.h"

#include <array>
#include <cmath>

#include "sim/parallel_for.h"

namespace toxplan::sim {

namespace {

enum class CellClass : std::uint8_t { Soft, Bone };

// Extra resistance (per unit area) of a face that passes a fraction tau of the toxin:
// 2(1 - tau) / (tau λ_n). Infinite (returned as a negative marker) for tau <= 0.
double membrane_resistance(double tau, double d_p, double d_q) {
  if (tau >= 1.0)
    return 0.0;
  if (tau <= 0.0)
    return -1.0;
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
  std::vector<std::array<float, 3>> diff(n);
  std::vector<CellClass> cls(n);
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
  parallel_for(0, static_cast<std::int64_t>(n), 1, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t v = b; v < e; ++v) {
      const std::size_t c = static_cast<std::size_t>(v);
      const int label = domain.labels[c];
      cls[c] =
          label < table.size() ? class_of_label[static_cast<std::size_t>(label)] : CellClass::Soft;
      const auto& f = domain.fibre[c];
      const double f2 = double(f[0]) * f[0] + double(f[1]) * f[1] + double(f[2]) * f[2];
      if (f2 < 0.25) {
        diff[c] = {static_cast<float>(li2), static_cast<float>(li2), static_cast<float>(li2)};
        continue;
      }
      const core::Vec3 e_unit = normalized(core::Vec3{f[0], f[1], f[2]});
      for (int a = 0; a < 3; ++a) {
        const double cosine = dot(e_unit, frame.axes[static_cast<std::size_t>(a)]);
        diff[c][static_cast<std::size_t>(a)] =
            static_cast<float>(lc2 + (la2 - lc2) * cosine * cosine);
      }
    }
  });

  DiffusionOperator op;
  op.permeable.assign(n, 1);
  const bool bone_blocks = params.bone_transmission <= 0.0;
  for (std::size_t c = 0; c < n; ++c) {
    if (bone_blocks && cls[c] == CellClass::Bone)
      op.permeable[c] = 0;
  }
  ScreenedPoissonSystem& s = op.system;
  s.grid = PaddedGrid(dims);
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
      if (extra < 0.0)
        return 0.0f;
      resistance += extra;
    }
    return static_cast<float>(h * h / resistance);
  };
  auto outgoing = [&](std::size_t p, int axis) -> float {
    if (!op.permeable[p])
      return 0.0f;
    const double d = diff[p][static_cast<std::size_t>(axis)];
    return static_cast<float>(h * h / (h / (2.0 * d) + 1.0 / std::sqrt(d)));
  };

  std::vector<std::vector<std::pair<std::uint32_t, float>>> slab_outflow(
      static_cast<std::size_t>(dims[2]));
  parallel_for(0, dims[2], 1, [&](std::int64_t k0, std::int64_t k1) {
    for (int k = static_cast<int>(k0); k < static_cast<int>(k1); ++k) {
      for (int j = 0; j < dims[1]; ++j) {
        for (int i = 0; i < dims[0]; ++i) {
          const std::size_t c = frame.index(i, j, k);
          const std::size_t p = s.grid.at(i, j, k);
          if (i + 1 < dims[0])
            s.gx[p] = face(c, frame.index(i + 1, j, k), 0);
          if (j + 1 < dims[1])
            s.gy[p] = face(c, frame.index(i, j + 1, k), 1);
          if (k + 1 < dims[2])
            s.gz[p] = face(c, frame.index(i, j, k + 1), 2);
          float boundary = 0.0f;
          if (i == 0 || i + 1 == dims[0])
            boundary += outgoing(c, 0) * ((dims[0] == 1) ? 2 : 1);
          if (j == 0 || j + 1 == dims[1])
            boundary += outgoing(c, 1) * ((dims[1] == 1) ? 2 : 1);
          if (k == 0 || k + 1 == dims[2])
            boundary += outgoing(c, 2) * ((dims[2] == 1) ? 2 : 1);
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
