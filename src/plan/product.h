// The four botulinum toxin products Toxplan knows. Units of different products are never
// added or compared: see unit_conversion.h for the only, explicitly approximate, bridge.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toxplan::plan {

enum class Product {
  OnabotulinumtoxinA,   // Botox
  AbobotulinumtoxinA,   // Dysport
  IncobotulinumtoxinA,  // Xeomin
  RimabotulinumtoxinB,  // Myobloc
};

struct ProductInfo {
  Product product;
  std::string_view id;          // as written in plan files: "onabotulinumtoxinA"
  std::string_view brand_name;  // "Botox"
  std::string_view serotype;    // "A" or "B"
  std::vector<double> vial_sizes_units;
  // Diluent that gives the product's usual working concentration for its first vial size.
  double default_vial_units;
  double default_diluent_ml;
  // True for products supplied as a solution (rimabotulinumtoxinB): "diluent" is then the
  // volume the vial holds, not saline added.
  bool supplied_as_solution;
  std::string_view source;  // where the vial sizes and default dilution come from
};

const std::vector<ProductInfo>& all_products();
const ProductInfo& product_info(Product product);
std::optional<Product> product_from_id(std::string_view id);
std::string_view product_id(Product product);

}  // namespace toxplan::plan
