// atlas.json writer (format: docs/atlas-format.md).
#pragma once

#include <string>
#include <vector>

#include "landmarks.h"
#include "structure_def.h"

namespace atlas_gen {

std::string manifest_json(const std::vector<StructureDef>& structures,
                          const std::vector<LandmarkDef>& landmarks);

}  // namespace atlas_gen
