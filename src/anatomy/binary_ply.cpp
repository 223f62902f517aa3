#include "anatomy/binary_ply.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <sstream>

namespace toxplan::anatomy {

namespace {

enum class Scalar { Int8, UInt8, Int16, UInt16, Int32, UInt32, Float32, Float64 };

bool scalar_from_name(const std::string& name, Scalar* type) {
  static const std::pair<const char*, Scalar> kNames[] = {
      {"char", Scalar::Int8},      {"int8", Scalar::Int8},       {"uchar", Scalar::UInt8},
      {"uint8", Scalar::UInt8},    {"short", Scalar::Int16},     {"int16", Scalar::Int16},
      {"ushort", Scalar::UInt16},  {"uint16", Scalar::UInt16},   {"int", Scalar::Int32},
      {"int32", Scalar::Int32},    {"uint", Scalar::UInt32},     {"uint32", Scalar::UInt32},
      {"float", Scalar::Float32},  {"float32", Scalar::Float32}, {"double", Scalar::Float64},
      {"float64", Scalar::Float64}};
  for (const auto& [n, t] : kNames) {
    if (name == n) {
      *type = t;
      return true;
    }
  }
  return false;
}

std::size_t scalar_size(Scalar type) {
  switch (type) {
    case Scalar::Int8:
    case Scalar::UInt8:
      return 1;
    case Scalar::Int16:
    case Scalar::UInt16:
      return 2;
    case Scalar::Int32:
    case Scalar::UInt32:
    case Scalar::Float32:
      return 4;
    case Scalar::Float64:
      return 8;
  }
  return 0;
}

struct Property {
  std::string name;
  Scalar type = Scalar::Float32;  // of the value, or of a list's items
  bool list = false;
  Scalar count_type = Scalar::UInt8;  // lists only
};

struct Element {
  std::string name;
  std::uint64_t count = 0;
  std::vector<Property> properties;
};

// Reads one scalar at `p` as a double (every PLY scalar fits exactly).
double read_scalar(const unsigned char* p, Scalar type, bool swap) {
  unsigned char b[8];
  const std::size_t n = scalar_size(type);
  std::memcpy(b, p, n);
  if (swap) {
    std::reverse(b, b + n);
  }
  switch (type) {
    case Scalar::Int8: {
      std::int8_t v;
      std::memcpy(&v, b, 1);
      return v;
    }
    case Scalar::UInt8:
      return b[0];
    case Scalar::Int16: {
      std::int16_t v;
      std::memcpy(&v, b, 2);
      return v;
    }
    case Scalar::UInt16: {
      std::uint16_t v;
      std::memcpy(&v, b, 2);
      return v;
    }
    case Scalar::Int32: {
      std::int32_t v;
      std::memcpy(&v, b, 4);
      return v;
    }
    case Scalar::UInt32: {
      std::uint32_t v;
      std::memcpy(&v, b, 4);
      return v;
    }
    case Scalar::Float32: {
      float v;
      std::memcpy(&v, b, 4);
      return v;
    }
    case Scalar::Float64: {
      double v;
      std::memcpy(&v, b, 8);
      return v;
    }
  }
  return 0.0;
}

bool read_file(const std::string& path, std::vector<unsigned char>* bytes) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) {
    return false;
  }
  if (std::fseek(f.get(), 0, SEEK_END) != 0) {
    return false;
  }
  const long size = std::ftell(f.get());
  if (size < 0 || std::fseek(f.get(), 0, SEEK_SET) != 0) {
    return false;
  }
  bytes->resize(static_cast<std::size_t>(size));
  return std::fread(bytes->data(), 1, bytes->size(), f.get()) == bytes->size();
}

}  // namespace

PlyReadResult read_binary_ply(const std::string& path, PlyTriangles* out, std::string* problem) {
  *out = PlyTriangles{};
  std::vector<unsigned char> bytes;
  if (!read_file(path, &bytes)) {
    *problem = "it cannot be opened or read";
    return PlyReadResult::Unreadable;
  }
  // The header: text lines up to and including "end_header\n"; the data starts right after it
  // (no whitespace is skipped: that is the Assimp bug this reader exists for).
  const std::string kEnd = "end_header";
  std::size_t data_start = std::string::npos;
  std::vector<std::string> lines;
  {
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < bytes.size() && i < (1u << 20); ++i) {
      if (bytes[i] != '\n') {
        continue;
      }
      std::size_t line_end = i;
      if (line_end > line_start && bytes[line_end - 1] == '\r') {
        --line_end;
      }
      lines.emplace_back(reinterpret_cast<const char*>(bytes.data()) + line_start,
                         line_end - line_start);
      line_start = i + 1;
      if (lines.size() == 1 && lines[0] != "ply") {
        return PlyReadResult::NotBinary;  // not a PLY file: let the general reader say so
      }
      if (lines.back() == kEnd) {
        data_start = line_start;
        break;
      }
    }
  }
  if (lines.empty() || lines[0] != "ply") {
    return PlyReadResult::NotBinary;
  }
  if (data_start == std::string::npos) {
    *problem = "its PLY header has no end_header line";
    return PlyReadResult::Unreadable;
  }
  bool big_endian = false;
  bool format_seen = false;
  std::vector<Element> elements;
  for (std::size_t l = 1; l + 1 < lines.size(); ++l) {
    std::istringstream words(lines[l]);
    std::string keyword;
    words >> keyword;
    if (keyword == "format") {
      std::string format;
      words >> format;
      if (format == "ascii") {
        return PlyReadResult::NotBinary;
      }
      if (format != "binary_little_endian" && format != "binary_big_endian") {
        *problem = "its PLY format \"" + format + "\" is unknown";
        return PlyReadResult::Unreadable;
      }
      big_endian = format == "binary_big_endian";
      format_seen = true;
    } else if (keyword == "element") {
      Element e;
      if (!(words >> e.name >> e.count)) {
        *problem = "its PLY header line \"" + lines[l] + "\" is malformed";
        return PlyReadResult::Unreadable;
      }
      elements.push_back(std::move(e));
    } else if (keyword == "property") {
      Property p;
      std::string type;
      words >> type;
      bool ok = !elements.empty();
      if (type == "list") {
        std::string count_type, item_type;
        p.list = true;
        ok = ok && (words >> count_type >> item_type >> p.name) &&
             scalar_from_name(count_type, &p.count_type) && scalar_from_name(item_type, &p.type);
      } else {
        ok = ok && (words >> p.name) && scalar_from_name(type, &p.type);
      }
      if (!ok) {
        *problem = "its PLY header line \"" + lines[l] + "\" is malformed";
        return PlyReadResult::Unreadable;
      }
      elements.back().properties.push_back(std::move(p));
    }
    // comment, obj_info and unknown keywords carry no data
  }
  if (!format_seen) {
    *problem = "its PLY header has no format line";
    return PlyReadResult::Unreadable;
  }
  const bool swap = big_endian != (std::endian::native == std::endian::big);
  if (data_start < bytes.size()) {
    const unsigned char first = bytes[data_start];
    out->data_starts_with_whitespace = first == ' ' || first == '\t' || first == '\n' ||
                                       first == '\r' || first == '\v' || first == '\f';
  }

  const unsigned char* p = bytes.data() + data_start;
  const unsigned char* const end = bytes.data() + bytes.size();
  const std::string kTruncated =
      "it ends before the data its PLY header declares (a truncated file)";
  bool vertices_read = false;
  for (const Element& e : elements) {
    // Sizes before allocating: a header that declares billions of rows is refused, not allocated.
    std::size_t fixed_row = 0;
    bool all_fixed = true;
    for (const Property& prop : e.properties) {
      fixed_row += prop.list ? scalar_size(prop.count_type) : scalar_size(prop.type);
      all_fixed = all_fixed && !prop.list;
    }
    if (fixed_row > 0 && e.count > static_cast<std::uint64_t>(end - p) / fixed_row) {
      *problem = kTruncated;
      return PlyReadResult::Unreadable;
    }
    if (e.name == "vertex" && !vertices_read) {
      vertices_read = true;
      if (e.count > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
        *problem = "it declares more vertices than Toxplan reads";
        return PlyReadResult::Unreadable;
      }
      int axis_of[3] = {-1, -1, -1};
      std::vector<std::size_t> offset(e.properties.size());
      std::size_t at = 0;
      for (std::size_t k = 0; k < e.properties.size(); ++k) {
        offset[k] = at;
        at += scalar_size(e.properties[k].type);
        for (int a = 0; a < 3; ++a) {
          if (e.properties[k].name == std::string(1, static_cast<char>('x' + a))) {
            axis_of[a] = static_cast<int>(k);
          }
        }
      }
      if (!all_fixed || axis_of[0] < 0 || axis_of[1] < 0 || axis_of[2] < 0) {
        *problem = "its PLY vertices do not have plain x, y and z properties";
        return PlyReadResult::Unreadable;
      }
      out->vertices.resize(e.count);
      const Property* xyz[3] = {&e.properties[axis_of[0]], &e.properties[axis_of[1]],
                                &e.properties[axis_of[2]]};
      const std::size_t xyz_offset[3] = {offset[axis_of[0]], offset[axis_of[1]],
                                         offset[axis_of[2]]};
      const bool plain_floats = !swap && xyz[0]->type == Scalar::Float32 &&
                                xyz[1]->type == Scalar::Float32 && xyz[2]->type == Scalar::Float32;
      for (std::uint64_t v = 0; v < e.count; ++v, p += fixed_row) {
        double c[3];
        for (int a = 0; a < 3; ++a) {
          if (plain_floats) {  // the common case (vtkPLYWriter): no conversion switch
            float f;
            std::memcpy(&f, p + xyz_offset[a], 4);
            c[a] = f;
          } else {
            c[a] = read_scalar(p + xyz_offset[a], xyz[a]->type, swap);
          }
        }
        out->vertices[v] = {c[0], c[1], c[2]};
      }
      continue;
    }
    if (e.name == "face") {
      int indices = -1;
      for (std::size_t k = 0; k < e.properties.size(); ++k) {
        const std::string& n = e.properties[k].name;
        if (e.properties[k].list && (n == "vertex_indices" || n == "vertex_index")) {
          indices = static_cast<int>(k);
        }
      }
      if (indices < 0) {
        *problem = "its PLY faces have no vertex_indices list";
        return PlyReadResult::Unreadable;
      }
      const auto vertex_count = static_cast<double>(out->vertices.size());
      out->triangles.reserve(std::min<std::uint64_t>(e.count, (end - p) / 13 + 1));
      for (std::uint64_t f = 0; f < e.count; ++f) {
        for (std::size_t k = 0; k < e.properties.size(); ++k) {
          const Property& prop = e.properties[k];
          if (!prop.list) {
            const std::size_t n = scalar_size(prop.type);
            if (static_cast<std::size_t>(end - p) < n) {
              *problem = kTruncated;
              return PlyReadResult::Unreadable;
            }
            p += n;
            continue;
          }
          const std::size_t count_size = scalar_size(prop.count_type);
          if (static_cast<std::size_t>(end - p) < count_size) {
            *problem = kTruncated;
            return PlyReadResult::Unreadable;
          }
          const double count = read_scalar(p, prop.count_type, swap);
          p += count_size;
          const std::size_t item = scalar_size(prop.type);
          if (count < 0 || count > static_cast<double>(end - p) / static_cast<double>(item)) {
            *problem = kTruncated;
            return PlyReadResult::Unreadable;
          }
          const auto n = static_cast<std::size_t>(count);
          if (static_cast<int>(k) == indices) {
            out->other_faces = out->other_faces || n != 3;
            // Polygons become fans; points and lines are not surfaces.
            int first = 0;
            int previous = 0;
            for (std::size_t c = 0; c < n; ++c) {
              const double index = read_scalar(p + c * item, prop.type, swap);
              if (index < 0 || index >= vertex_count) {
                return PlyReadResult::IndexInvalid;
              }
              const int v = static_cast<int>(index);
              if (c == 0) {
                first = v;
              } else if (c >= 2) {
                out->triangles.push_back({first, previous, v});
              }
              previous = v;
            }
          }
          p += n * item;
        }
      }
      continue;
    }
    // Any other element (edges, materials): skipped row by row.
    for (std::uint64_t r = 0; r < e.count; ++r) {
      for (const Property& prop : e.properties) {
        std::size_t n = scalar_size(prop.type);
        if (prop.list) {
          const std::size_t count_size = scalar_size(prop.count_type);
          if (static_cast<std::size_t>(end - p) < count_size) {
            *problem = kTruncated;
            return PlyReadResult::Unreadable;
          }
          const double count = read_scalar(p, prop.count_type, swap);
          p += count_size;
          if (count < 0 || count > static_cast<double>(end - p) / static_cast<double>(n)) {
            *problem = kTruncated;
            return PlyReadResult::Unreadable;
          }
          n *= static_cast<std::size_t>(count);
        }
        if (static_cast<std::size_t>(end - p) < n) {
          *problem = kTruncated;
          return PlyReadResult::Unreadable;
        }
        p += n;
      }
    }
  }
  return PlyReadResult::Read;
}

}  // namespace toxplan::anatomy
