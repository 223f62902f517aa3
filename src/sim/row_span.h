// A run of cells along the first grid axis: the unit in which the spread solver's regions and
// work lists are stored (one per row j + dims[1] k of a grid).
#pragma once

namespace toxplan::sim {

struct RowSpan {
  int begin = 0;  // first cell of the row inside
  int end = 0;    // one past the last; begin == end: none
};

}  // namespace toxplan::sim
