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

// The window saved a 2000 U plan without a word (issue 12 item 9): a plan with error findings is
// saved only after "Save anyway"; Cancel saves nothing and keeps the window open.
namespace {
toxplan::Findings two_errors() {
  using toxplan::Severity;
  return {{"SYSTEMIC_INFO", Severity::Info, "", "", 0, "note"},
          {"LIMIT_SESSION", Severity::Error, "", "/sites", 0,
           "plan total: 2000 U exceeds 400 U per treatment session"},
          {"LIMIT_PER_SITE", Severity::Error, "s1", "/sites/0/dose_units", 0, "site s1: 60 U"}};
}
}  // namespace

TEST(SaveFlow, PlanWithErrorsAsksBeforeSaving) {
  EXPECT_EQ(save_with_errors_question(two_errors()),
            "This plan has 2 errors: plan total: 2000 U exceeds 400 U per treatment session");
  UiState ui;
  int saves = 0;
  const SaveToPath save = [&](const std::string&) {
    ++saves;
    return std::string();
  };
  request_save(ui, two_errors(), "p.toxplan.json", save);
  EXPECT_EQ(saves, 0) << "saved without asking";
  ASSERT_TRUE(ui.pending_save.has_value());
  EXPECT_EQ(ui.pending_save->path, "p.toxplan.json");
  EXPECT_NE(ui.pending_save->question.find("This plan has 2 errors: plan total: 2000 U"),
            std::string::npos);

  answer_save_prompt(ui, true, save);
  EXPECT_EQ(saves, 1);
  EXPECT_FALSE(ui.pending_save.has_value());
  EXPECT_EQ(ui.status_message, "Saved p.toxplan.json");
}

TEST(SaveFlow, CancelSavesNothingAndCancelsTheQuit) {
  UiState ui;
  bool quit = false;
  ui.pending_replacement = waiting_for_save(&quit);  // Quit > Save on a plan with errors
  int saves = 0;
  const SaveToPath save = [&](const std::string&) {
    ++saves;
    return std::string();
  };
  request_save(ui, two_errors(), "p.toxplan.json", save);
  answer_save_prompt(ui, false, save);
  EXPECT_EQ(saves, 0);
  EXPECT_FALSE(ui.pending_save.has_value());
  EXPECT_FALSE(quit);
  EXPECT_FALSE(ui.pending_replacement.has_value());
  EXPECT_FALSE(ui.quit_confirmed);
}

TEST(SaveFlow, PlanWithoutErrorsSavesAtOnceAndQuits) {
  UiState ui;
  bool quit = false;
  ui.pending_replacement = waiting_for_save(&quit);
  std::string saved_to;
  request_save(ui, {{"SYSTEMIC_INFO", toxplan::Severity::Info, "", "", 0, "note"}},
               "q.toxplan.json", [&](const std::string& path) {
                 saved_to = path;
                 return std::string();
               });
  EXPECT_EQ(saved_to, "q.toxplan.json");
  EXPECT_FALSE(ui.pending_save.has_value());
  EXPECT_TRUE(quit);
}
