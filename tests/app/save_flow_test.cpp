// The save outcome shared by Ctrl+S, Save As and the quit prompt: a failed save keeps the window
// open with the message; a successful one closes it only when quitting asked for the save.
#include <gtest/gtest.h>

#include "app/save_flow.h"

using namespace toxplan::app;

TEST(SaveFlow, FailedSaveCancelsQuitAndShowsWhy) {
  UiState ui;
  ui.quit_requested = true;
  report_save(ui, "cannot save /ro/plan.toxplan.json: read-only", "/ro/plan.toxplan.json");
  EXPECT_FALSE(ui.quit_requested);
  EXPECT_FALSE(ui.quit_confirmed);
  EXPECT_EQ(ui.error_message, "cannot save /ro/plan.toxplan.json: read-only");
}

TEST(SaveFlow, SuccessfulSaveClosesOnlyWhenQuitting) {
  UiState editing;
  report_save(editing, "", "p.toxplan.json");
  EXPECT_FALSE(editing.quit_confirmed);
  EXPECT_EQ(editing.status_message, "Saved p.toxplan.json");

  UiState quitting;
  quitting.quit_requested = true;
  report_save(quitting, "", "p.toxplan.json");
  EXPECT_TRUE(quitting.quit_confirmed);
  EXPECT_TRUE(quitting.error_message.empty());
}
