#include "plan/product.h"

namespace toxplan::plan {

// Vial sizes and usual working dilutions; sources are listed in docs/sources.md, Products.
const std::vector<ProductInfo>& all_products() {
  static const std::vector<ProductInfo> products = {
      {Product::OnabotulinumtoxinA,
       "onabotulinumtoxinA",
       "Botox",
       "A",
       {100.0, 200.0},
       100.0,
       2.0,
       false,
       "BOTOX label: \"recommended dilution is 200 Units/4 mL or 100 Units/2 mL\" (5 U per "
       "0.1 mL; PDR dilution table)"},
      {Product::AbobotulinumtoxinA,
       "abobotulinumtoxinA",
       "Dysport",
       "A",
       {300.0, 500.0},
       300.0,
       2.5,
       false,
       "Dysport US HCP page \"Administering Dysport\": 300 U vial, and 300 U + 2.5 mL -> 12 U "
       "per 0.1 mL from its dilution chart; 500 U vial: EU presentation (Ipsen)"},
      {Product::IncobotulinumtoxinA,
       "incobotulinumtoxinA",
       "Xeomin",
       "A",
       {50.0, 100.0, 200.0},
       100.0,
       2.0,
       false,
       "XEOMIN HCP page \"Administering XEOMIN\": 50, 100 and 200 U vials"},
      {Product::RimabotulinumtoxinB,
       "rimabotulinumtoxinB",
       "Myobloc",
       "B",
       {2500.0, 5000.0, 10000.0},
       5000.0,
       1.0,
       true,
       "MYOBLOC label, How supplied: a solution of 5,000 U/mL in 2,500 U/0.5 mL, 5,000 U/1 mL and "
       "10,000 U/2 mL vials"},
  };
  return products;
}

const ProductInfo& product_info(Product product) {
  for (const ProductInfo& info : all_products()) {
    if (info.product == product) return info;
  }
  return all_products().front();  // unreachable: every enumerator is listed above
}

std::optional<Product> product_from_id(std::string_view id) {
  for (const ProductInfo& info : all_products()) {
    if (info.id == id) return info.product;
  }
  return std::nullopt;
}

std::string_view product_id(Product product) {
  return product_info(product).id;
}

}  // namespace toxplan::plan
