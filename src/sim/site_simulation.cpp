#include "sim/site_simulation.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "base/parallel_for.h"

#include "sim/diffusion_operator.h"
#include "sim/reach_estimate.h"
#include "sim/site_domain.h"

namespace toxplan::sim {

namespace {

// Relative residual at which the halo solve stops. 1e-3 keeps every metric of the PREEMPT plan
// on the atlas within 0.7% (volume 0.12%) of a 1e-4 solve, with the same flags, far below the
// discretisation error (docs/spread-model.md); it saves ~30% of the iterations.
constexpr double kSolverTolerance = 1e-3;
constexpr int kSolverMaxCycles = 40;
// How much the grid grows on a side the effect region reaches (no-flux bone can push the region
// beyond the homogeneous-tissue estimate): that side's extent x1.5. Only the touched sides grow,
// so one retry costs ~1.25x the voxels instead of 1.95x for growing the whole grid by 1.25.
constexpr double kGridGrowth = 1.5;
int grown(int voxels) {
  return static_cast<int>(std::ceil(voxels * kGridGrowth));
}
constexpr int kMaxGridAttempts = 4;

double halo_along(bool has_fibre, const SpreadParameters& p) {
  return has_fibre ? p.lambda_along_mm : p.lambda_isotropic_mm;
}
double halo_across(bool has_fibre, const SpreadParameters& p) {
  return has_fibre ? p.lambda_across_mm : p.lambda_isotropic_mm;
}

std::shared_ptr<const SiteSpread> finish(std::shared_ptr<const SiteSolution> solution,
                                         const plan::Site& site, double q_eff,
                                         const SpreadParameters& params, const TissueTable& table) {
  auto spread = std::make_shared<SiteSpread>();
  spread->site_id = site.id;
  spread->target_id = site.target_structure_id;
  spread->tip_mm = site.tip_mm();
  spread->dose_units = site.dose_units;
  spread->q_eff_ona_units = q_eff;
  spread->threshold_u_per_cm3 = params.threshold_u_per_cm3;
  auto field = std::make_shared<FieldGrid>();
  field->frame = solution->frame;
  field->values.resize(solution->unit_values.size());
  const float scale = static_cast<float>(q_eff);
  std::transform(solution->unit_values.begin(), solution->unit_values.end(), field->values.begin(),
                 [scale](float v) { return v * scale; });
  spread->metrics =
      measure_spread(solution->frame, solution->region.rows, solution->labels, field->values,
                     solution->boundary_outflow, q_eff, params.threshold_u_per_cm3,
                     solution->target_label, table, solution->tip_index);
  spread->field = std::move(field);
  spread->solution = std::move(solution);
  return spread;
}

// Initial guess (padded layout, U/mm³ per ona-U) from an earlier unit field `old` of the same
// site, shifted by `shift_mm` (new tip - old tip): x(p) = old(p - shift), trilinear, 0 outside.
void warm_start_guess(const SiteSolution& old, const Vec3& shift_mm, const GridFrame& frame,
                      const SiteRegion& region, const PaddedGrid& grid, std::vector<float>& x) {
  const GridFrame& of = old.frame;
  if (of.size() == 0 || old.unit_values.size() != of.size()) return;
  const auto& od = of.dims;
  const std::vector<float>& v = old.unit_values;
  // Old index coordinates move by a constant step per new index.
  const Vec3 step[3] = {{dot(frame.axes[0], of.axes[0]), dot(frame.axes[0], of.axes[1]),
                         dot(frame.axes[0], of.axes[2])},
                        {dot(frame.axes[1], of.axes[0]), dot(frame.axes[1], of.axes[1]),
                         dot(frame.axes[1], of.axes[2])},
                        {dot(frame.axes[2], of.axes[0]), dot(frame.axes[2], of.axes[1]),
                         dot(frame.axes[2], of.axes[2])}};
  const Vec3 base = of.to_index(frame.origin_mm - shift_mm);
  parallel_for(0, frame.dims[2], 1, [&](std::int64_t k0, std::int64_t k1) {
    for (int k = static_cast<int>(k0); k < static_cast<int>(k1); ++k) {
      for (int j = 0; j < frame.dims[1]; ++j) {
        const RowSpan span = region.row(j, k);  // the solver clears x outside the region
        Vec3 q = base + step[0] * static_cast<double>(span.begin) +
                 step[1] * static_cast<double>(j) + step[2] * static_cast<double>(k);
        float* out = x.data() + grid.at(0, j, k);
        for (int i = span.begin; i < span.end; ++i, q = q + step[0]) {
          const double fx = std::floor(q.x), fy = std::floor(q.y), fz = std::floor(q.z);
          const int i0 = static_cast<int>(fx), j0 = static_cast<int>(fy),
                    k0i = static_cast<int>(fz);
          if (i0 < 0 || j0 < 0 || k0i < 0 || i0 + 1 >= od[0] || j0 + 1 >= od[1] ||
              k0i + 1 >= od[2]) {
            continue;
          }
          const float tx = static_cast<float>(q.x - fx), ty = static_cast<float>(q.y - fy),
                      tz = static_cast<float>(q.z - fz);
          const std::size_t c = of.index(i0, j0, k0i);
          const std::size_t sy = static_cast<std::size_t>(od[0]);
          const std::size_t sz = sy * static_cast<std::size_t>(od[1]);
          const float a = v[c] + tx * (v[c + 1] - v[c]);
          const float b = v[c + sy] + tx * (v[c + sy + 1] - v[c + sy]);
          const float e = v[c + sz] + tx * (v[c + sz + 1] - v[c + sz]);
          const float f = v[c + sz + sy] + tx * (v[c + sz + sy + 1] - v[c + sz + sy]);
          const float lo = a + ty * (b - a), hi = e + ty * (f - e);
          out[i] = (lo + tz * (hi - lo)) * 1e-3f;  // U/cm³ -> U/mm³
        }
      }
    }
  });
}

Vec3 tip_of(const SiteSolution& s) {
  return s.frame.centre_mm(s.tip_index[0], s.tip_index[1], s.tip_index[2]);
}

}  // namespace

GridExtent required_grid_extent(double q_eff_ona_units, const Bolus& bolus, bool has_fibre,
                                const SpreadParameters& params) {
  const double la = halo_along(has_fibre, params);
  // Across the fibres the region also runs through tissue without fibres (skin, fat) whose
  // halo is the isotropic one, longer than λ⊥ by default: the region's across extent must allow
  // for it, or nearly every atlas site would touch the region's surface and be solved twice.
  const double lc = std::max(halo_across(has_fibre, params), params.lambda_isotropic_mm);
  const ReachEstimate reach =
      bolus_reach(std::max(q_eff_ona_units, 1e-6), bolus, la, lc, params.threshold_u_per_cm3);
  return {reach.along_mm + params.grid_margin_lambdas * la,
          reach.across_mm + params.grid_margin_lambdas * lc};
}

LatticeBlock resample_to_lattice(const GridFrame& frame, const SiteRegion& region,
                                 const std::vector<float>& values, double spacing_mm) {
  LatticeBlock block;
  block.spacing_mm = spacing_mm;
  Vec3 lo{1e300, 1e300, 1e300}, hi{-1e300, -1e300, -1e300};
  for (int corner = 0; corner < 8; ++corner) {
    const Vec3 p =
        frame.centre_mm((corner & 1) ? frame.dims[0] - 1 : 0, (corner & 2) ? frame.dims[1] - 1 : 0,
                        (corner & 4) ? frame.dims[2] - 1 : 0);
    lo = {std::min(lo.x, p.x), std::min(lo.y, p.y), std::min(lo.z, p.z)};
    hi = {std::max(hi.x, p.x), std::max(hi.y, p.y), std::max(hi.z, p.z)};
  }
  const double l[3] = {lo.x, lo.y, lo.z}, u[3] = {hi.x, hi.y, hi.z};
  for (int a = 0; a < 3; ++a) {
    block.lo[a] = static_cast<int>(std::ceil(l[a] / spacing_mm));
    block.dims[a] = std::max(0, static_cast<int>(std::floor(u[a] / spacing_mm)) - block.lo[a] + 1);
  }
  const std::size_t n = static_cast<std::size_t>(block.dims[0]) * block.dims[1] * block.dims[2];
  block.values.assign(n, 0.0f);
  // Index coordinates move by a constant step along a lattice row, so each row meets the
  // oblique grid, and an ellipsoid around the region, in one interval of i: only that interval
  // (plus one point each side against rounding) is sampled; the field is 0 everywhere else.
  // The ellipsoid is the region's with every semi-axis the larger of its two sides plus 2.5
  // cells, so that no trilinear stencil (within √3 cells of its point) beyond it reaches the
  // region.
  double centre[3], inv_semi_sq[3];
  for (std::size_t a = 0; a < 3; ++a) {
    centre[a] = region.tip[a];
    const double s = std::max(region.tip[a], region.above[a]) + 2.5;
    inv_semi_sq[a] = 1.0 / (s * s);
  }
  const Vec3 row_step = frame.to_index({spacing_mm, 0.0, 0.0}) - frame.to_index({0, 0, 0});
  const double step[3] = {row_step.x, row_step.y, row_step.z};
  auto row_interval = [&](int j, int k) {
    const Vec3 q0v = frame.to_index(
        {block.lo[0] * spacing_mm, (block.lo[1] + j) * spacing_mm, (block.lo[2] + k) * spacing_mm});
    const double q0[3] = {q0v.x, q0v.y, q0v.z};
    double first = 0.0, last = block.dims[0] - 1.0;
    for (int a = 0; a < 3; ++a) {
      const double top = frame.dims[a] - 1.0;
      if (std::abs(step[a]) < 1e-12) {
        if (q0[a] < 0.0 || q0[a] > top) return RowSpan{0, 0};
        continue;
      }
      double t0 = (0.0 - q0[a]) / step[a], t1 = (top - q0[a]) / step[a];
      if (t0 > t1) std::swap(t0, t1);
      first = std::max(first, t0);
      last = std::min(last, t1);
    }
    // sum_a inv_semi_sq (q0 + t step - centre)² <= 1: a t² + b t + c <= 0.
    double qa = 0.0, qb = 0.0, qc = -1.0;
    for (int a = 0; a < 3; ++a) {
      const double d = q0[a] - centre[a];
      qa += inv_semi_sq[a] * step[a] * step[a];
      qb += 2.0 * inv_semi_sq[a] * d * step[a];
      qc += inv_semi_sq[a] * d * d;
    }
    const double disc = qb * qb - 4.0 * qa * qc;
    if (qa <= 0.0 || disc < 0.0) return RowSpan{0, 0};
    const double root = std::sqrt(disc);
    first = std::max(first, (-qb - root) / (2.0 * qa));
    last = std::min(last, (-qb + root) / (2.0 * qa));
    if (first > last) return RowSpan{0, 0};
    return RowSpan{std::max(0, static_cast<int>(std::floor(first)) - 1),
                   std::min(block.dims[0], static_cast<int>(std::ceil(last)) + 2)};
  };
  parallel_for(0, block.dims[2], 1, [&](std::int64_t k0, std::int64_t k1) {
    for (int k = static_cast<int>(k0); k < static_cast<int>(k1); ++k) {
      for (int j = 0; j < block.dims[1]; ++j) {
        const RowSpan span = row_interval(j, k);
        for (int i = span.begin; i < span.end; ++i) {
          const Vec3 p{(block.lo[0] + i) * spacing_mm, (block.lo[1] + j) * spacing_mm,
                       (block.lo[2] + k) * spacing_mm};
          block.values[static_cast<std::size_t>(i) +
                       static_cast<std::size_t>(block.dims[0]) *
                           (static_cast<std::size_t>(j) +
                            static_cast<std::size_t>(block.dims[1]) * k)] =
              static_cast<float>(sample_trilinear(frame, values, p));
        }
      }
    }
  });
  return block;
}

namespace {
void check_site_grid_size(const plan::Site& site, const std::array<int, 3>& below,
                          const std::array<int, 3>& above, double h) {
  double voxels = 1.0;
  for (int a = 0; a < 3; ++a)
    voxels *= static_cast<double>(below[a]) + above[a] + 1.0;
  if (voxels <= kMaxSiteGridVoxels) return;
  char text[64];
  std::snprintf(text, sizeof text, "%.0f million voxels of %.2f mm", voxels / 1e6, h);
  throw SiteGridTooLarge("site " + site.id + " would need a solver grid of " + text +
                         ", more than the " +
                         std::to_string(static_cast<int>(kMaxSiteGridVoxels / 1e6)) +
                         " million the model allows (several GB of memory); use a coarser "
                         "grid_spacing_mm (default 0.5) or a smaller grid_margin_lambdas");
}
}  // namespace

std::shared_ptr<const SiteSpread> simulate_site(const plan::Site& site, plan::Product product,
                                                const SpreadParameters& params,
                                                const Tissue& tissue,
                                                const SiteSolution* warm_start) {
  const auto start = std::chrono::steady_clock::now();
  const TissueTable& table = tissue.table();
  const Vec3 tip = site.tip_mm();
  const double h = params.grid_spacing_mm;
  const TipProbe probe = probe_tip(tissue, tip, h);
  const bool has_fibre = norm(probe.fibre) > 0.5;
  const Bolus bolus = make_bolus(tip, probe.fibre, site.volume_ml, params);
  const double q_eff = effective_dose_ona_units(site.dose_units, product, params);
  const int target_label = table.label_of(site.target_structure_id);

  const GridExtent extent = required_grid_extent(q_eff, bolus, has_fibre, params);
  // Voxels below / above the tip per axis; only the sides the region reaches are grown.
  std::array<int, 3> below = site_half_voxels(extent.half_along_mm, extent.half_across_mm, h);
  std::array<int, 3> above = below;
  std::shared_ptr<SiteSolution> solution;
  // The previous attempt (a smaller grid) or the caller's earlier solution: initial guess.
  std::shared_ptr<const SiteSolution> previous_attempt;
  for (int attempt = 1; attempt <= kMaxGridAttempts; ++attempt) {
    check_site_grid_size(site, below, above, h);
    solution = std::make_shared<SiteSolution>();
    solution->bolus = bolus;
    solution->has_fibre = has_fibre;
    solution->fibre = probe.fibre;
    solution->target_label = target_label;
    solution->grid_attempts = attempt;
    solution->half_along_mm = std::min(below[0], above[0]) * h;
    solution->half_across_mm = std::min({below[1], above[1], below[2], above[2]}) * h;
    solution->tip_index = below;
    const GridFrame frame = make_site_frame(tip, probe.fibre, below, above, h);
    SiteDomain domain = sample_domain(tissue, frame, ellipsoid_region(below, above));
    const std::size_t tip_cell = frame.index(below[0], below[1], below[2]);
    solution->tip_label = domain.labels[tip_cell];
    DiffusionOperator op = assemble_diffusion_operator(domain, table, params);

    // Bolus source for Q = 1 ona-U: volume fractions inside the spheroid, without the cells the
    // toxin cannot enter (the fluid fills the soft tissue instead), normalised to exact mass.
    std::vector<float> fraction = rasterize_bolus(bolus, frame);
    double total = 0.0, bolus_all = 0.0, outside_target = 0.0, in_other_structures = 0.0;
    std::vector<double> by_label(static_cast<std::size_t>(table.size()), 0.0);
    for (std::size_t c = 0; c < fraction.size(); ++c) {
      if (fraction[c] == 0.0f) continue;
      bolus_all += fraction[c];
      const int label = domain.labels[c];
      if (label != target_label || target_label == 0) {
        outside_target += fraction[c];
        // Fluid in skin or fat is not in another muscle; what matters is another structure.
        const anatomy::StructureKind kind = table.at(label).kind;
        if (label != 0 && kind != anatomy::StructureKind::Skin &&
            kind != anatomy::StructureKind::Fat && kind != anatomy::StructureKind::Bone) {
          in_other_structures += fraction[c];
          if (label < table.size()) by_label[static_cast<std::size_t>(label)] += fraction[c];
        }
      }
      if (!op.permeable[c]) fraction[c] = 0.0f;
      total += fraction[c];
    }
    solution->bolus_fraction_outside_target = bolus_all > 0.0 ? outside_target / bolus_all : 0.0;
    solution->bolus_fraction_in_other_structures =
        bolus_all > 0.0 ? in_other_structures / bolus_all : 0.0;
    for (std::size_t label = 0; label < by_label.size() && bolus_all > 0.0; ++label) {
      if (by_label[label] > 0.0) {
        solution->bolus_fraction_by_other_label.emplace_back(static_cast<int>(label),
                                                             by_label[label] / bolus_all);
      }
    }
    const PaddedGrid& grid = op.system.grid;
    std::vector<float> rhs(grid.padded_size, 0.0f), x(grid.padded_size, 0.0f);
    if (total <= 0.0) {  // bolus smaller than the sub-samples: a point source at the tip
      fraction[tip_cell] = 1.0f;
      total = 1.0;
    }
    for (int k = 0; k < frame.dims[2]; ++k) {
      for (int j = 0; j < frame.dims[1]; ++j) {
        for (int i = 0; i < frame.dims[0]; ++i) {
          const float f = fraction[frame.index(i, j, k)];
          if (f != 0.0f) rhs[grid.at(i, j, k)] = static_cast<float>(f / total);
        }
      }
    }
    const SiteSolution* guess = previous_attempt ? previous_attempt.get() : warm_start;
    if (guess != nullptr && q_eff > 0.0)
      warm_start_guess(*guess, tip - tip_of(*guess), frame, domain.region, grid, x);
    MultigridSolver solver(std::move(op.system));
    solution->solver = solver.solve(rhs, x, kSolverTolerance, kSolverMaxCycles);
    solution->unit_values.assign(frame.size(), 0.0f);
    for (int k = 0; k < frame.dims[2]; ++k) {
      for (int j = 0; j < frame.dims[1]; ++j) {
        const RowSpan span = domain.region.row(j, k);  // x is 0 outside the region
        for (int i = span.begin; i < span.end; ++i) {
          // U/mm³ -> U/cm³
          solution->unit_values[frame.index(i, j, k)] = x[grid.at(i, j, k)] * 1000.0f;
        }
      }
    }
    solution->frame = frame;
    solution->labels = std::move(domain.labels);
    solution->region = std::move(domain.region);
    solution->boundary_outflow = std::move(op.boundary_outflow);

    // Does the effect region at this dose stay inside the grid? (Unit field times Q_eff.)
    const float unit_threshold =
        q_eff > 0.0 ? static_cast<float>(params.threshold_u_per_cm3 / q_eff) : 1e30f;
    // Which sides of the region it reaches: touched[axis][0] below the tip, [1] above. A cell
    // on the region's surface (it has an outgoing face) at or above the threshold grows the
    // semi-axes its direction from the tip leans on (|offset / semi-axis| >= 1/2 per axis, at
    // least one of which holds on the surface).
    const auto& d = frame.dims;
    bool touched[3][2] = {{false, false}, {false, false}, {false, false}};
    const std::vector<float>& u = solution->unit_values;
    for (const auto& [cell, conductance] : solution->boundary_outflow) {
      if (u[cell] < unit_threshold) continue;
      const int idx[3] = {static_cast<int>(cell % static_cast<std::size_t>(d[0])),
                          static_cast<int>((cell / static_cast<std::size_t>(d[0])) %
                                           static_cast<std::size_t>(d[1])),
                          static_cast<int>(cell / (static_cast<std::size_t>(d[0]) * d[1]))};
      for (std::size_t a = 0; a < 3; ++a) {
        const int offset = idx[a] - below[a];
        const double semi_axis = (offset < 0 ? below[a] : above[a]) + 0.5;
        if (std::abs(offset) >= 0.5 * semi_axis) touched[a][offset < 0 ? 0 : 1] = true;
      }
    }
    bool touches = false;
    for (std::size_t a = 0; a < 3; ++a) {
      if (touched[a][0]) below[a] = grown(below[a]);
      if (touched[a][1]) above[a] = grown(above[a]);
      touches = touches || touched[a][0] || touched[a][1];
    }
    if (!touches) break;
    previous_attempt = solution;
  }
  solution->unit_lattice = resample_to_lattice(solution->frame, solution->region,
                                               solution->unit_values, params.plan_grid_spacing_mm);
  solution->solve_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return finish(std::move(solution), site, q_eff, params, table);
}

std::shared_ptr<const SiteSpread> rescale_site(const SiteSpread& base, const plan::Site& site,
                                               plan::Product product,
                                               const SpreadParameters& params,
                                               const TissueTable& table) {
  const double q_eff = effective_dose_ona_units(site.dose_units, product, params);
  if (base.q_eff_ona_units <= 0.0 && q_eff > 0.0) return nullptr;
  const SiteSolution& s = *base.solution;
  if (q_eff > base.q_eff_ona_units) {
    const GridExtent need = required_grid_extent(q_eff, s.bolus, s.has_fibre, params);
    if (need.half_along_mm > s.half_along_mm || need.half_across_mm > s.half_across_mm) {
      return nullptr;
    }
  }
  auto spread = finish(base.solution, site, q_eff, params, table);
  if (spread->metrics.region_touches_grid_boundary) return nullptr;
  return spread;
}

}  // namespace toxplan::sim
