// The save outcome shared by Ctrl+S, Save As and the unsaved-changes prompt: a failed save keeps
// the window open with the message and drops the quit or plan replacement waiting for it; a
// successful one runs that replacement, and only one that waits for a save.
#include <gtest/gtest.h>

#include "app/save_flow.h"

using namespace toxplan::app;

namespace {

PendingReplacement waiting_for_save(bool* ran) {
  PendingReplacement p;
  p.what = "quitting";
  p.replace = [ran] { *ran = true; };
  p.awaiting_save = true;
  return p;
}

}  // namespace

TEST(SaveFlow, FailedSaveCancelsTheWaitingQuitAndShowsWhy) {
  UiState ui;
  bool quit = false;
  ui.pending_replacement = waiting_for_save(&quit);
  report_save(ui, "cannot save /ro/plan.toxplan.json: read-only", "/ro/plan.toxplan.json");
  EXPECT_FALSE(quit);
  EXPECT_FALSE(ui.pending_replacement.has_value());
  EXPECT_EQ(ui.error_message, "cannot save /ro/plan.toxplan.json: read-only");
}

TEST(SaveFlow, SuccessfulSaveRunsOnlyTheReplacementWaitingForIt) {
  UiState editing;
  report_save(editing, "", "p.toxplan.json");
  EXPECT_FALSE(editing.quit_confirmed);
  EXPECT_EQ(editing.status_message, "Saved p.toxplan.json");

  UiState quitting;
  bool quit = false;
  quitting.pending_replacement = waiting_for_save(&quit);
  report_save(quitting, "", "p.toxplan.json");
  EXPECT_TRUE(quit);
  EXPECT_FALSE(quitting.pending_replacement.has_value());
  EXPECT_TRUE(quitting.error_message.empty());

  // The prompt is still open (no answer yet): a save from elsewhere does not answer it.
  UiState asking;
  bool replaced = false;
  asking.pending_replacement = waiting_for_save(&replaced);
  asking.pending_replacement->awaiting_save = false;
  report_save(asking, "", "p.toxplan.json");
  EXPECT_FALSE(replaced);
  EXPECT_TRUE(asking.pending_replacement.has_value());
}
