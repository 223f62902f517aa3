// The list of structures of the schematic atlas, grouped by the file that builds them.
#pragma once

#include <vector>

#include "body.h"
#include "structure_def.h"

namespace atlas_gen {

void add_layers(const Body& body, std::vector<StructureDef>* out);        // skin, fat
void add_bones(const Body& body, std::vector<StructureDef>* out);         // bones, eyes
void add_face_muscles(const Body& body, std::vector<StructureDef>* out);  // face and scalp
void add_neck_muscles(const Body& body, std::vector<StructureDef>* out);  // neck, shoulder
void add_viscera(const Body& body, std::vector<StructureDef>* out);       // pharynx, oesophagus

// All of them, right structures followed by their mirrored left twins.
std::vector<StructureDef> build_catalogue(const Body& body);

// Shared muscle shapes other builders keep clear of (right side).
double trapezius_right_sdf(const Body& body, V3 p);
double scm_right_sdf(const Body& body, V3 p);
double trapezius_thickness(V3 p);

constexpr std::array<double, 3> kMuscleColour{0.72, 0.22, 0.20};
constexpr std::array<double, 3> kBoneColour{0.91, 0.88, 0.78};

}  // namespace atlas_gen
