// The file-name field of the Open, Save As and Export dialogs: a caption, then a full-width text
// field that has the keyboard when the dialog opens, so a user can type a path and press Enter.
#pragma once

#include <imgui.h>
#include <imgui_stdlib.h>

#include <string>

namespace toxplan::app {

// Returns true when Enter was pressed in the field.
inline bool path_field(const char* caption, std::string* path) {
  ImGui::TextUnformatted(caption);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  return ImGui::InputText("##path", path, ImGuiInputTextFlags_EnterReturnsTrue);
}

}  // namespace toxplan::app
