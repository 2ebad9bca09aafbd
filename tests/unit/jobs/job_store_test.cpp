#include "jobs/job_store.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>

namespace octgate::jobs {
namespace {

class JobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("octgate-store-" + std::to_string(getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static Job make_job(const std::string& id, const std::string& exam) {
    Job job;
    job.id = id;
    job.examination_id = exam;
    job.filename = id + ".png";
    job.webhook_url = "http://127.0.0.1:1/hook";
    job.parameters_json = R"({"threshold": 0.3})";
    job.threshold = 0.3f;
    job.image = cv::Mat(4, 6, CV_8UC1);
    for (int i = 0; i < 24; ++i) job.image.data[i] = static_cast<std::uint8_t>(i * 10);
    return job;
  }

  static Status insert(JobStore& store, const Job& job) {
    std::promise<Status> done;
    store.insert(job, [&](Status s) { done.set_value(s); });
    return done.get_future().get();
  }

  std::filesystem::path dir_;
};

TEST_F(JobStoreTest, AJobSurvivesReopeningWithItsImage) {
  {
    auto store = JobStore::open(dir_);
    ASSERT_TRUE(store) << store.status().message();
    ASSERT_TRUE(insert(**store, make_job("a", "exam")).is_ok());
  }
  auto store = JobStore::open(dir_);
  ASSERT_TRUE(store);
  auto jobs = (*store)->load_unfinished();
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].state, JobState::kQueued);
  EXPECT_EQ(jobs[0].job.filename, "a.png");
  EXPECT_FLOAT_EQ(jobs[0].job.threshold, 0.3f);
  ASSERT_EQ(jobs[0].job.image.size(), cv::Size(6, 4));
  cv::Mat expected = make_job("a", "exam").image;
  EXPECT_EQ(std::memcmp(jobs[0].job.image.data, expected.data, 24), 0);
}

TEST_F(JobStoreTest, StatesMoveFromQueuedToFinishedAndFinishedJobsArePruned) {
  auto store = JobStore::open(dir_);
  ASSERT_TRUE(store);
  JobStore& s = **store;
  ASSERT_TRUE(insert(s, make_job("a", "exam")).is_ok());
  ASSERT_TRUE(insert(s, make_job("b", "exam")).is_ok());
  EXPECT_EQ(s.count_unfinished(), 2u);

  ASSERT_TRUE(s.mark_running("a").is_ok());
  EXPECT_EQ(s.find("a")->state, JobState::kRunning);
  ASSERT_TRUE(s.save_document("a", R"({"id":"a","status":"COMPLETED"})", 1).is_ok());
  auto a = s.find("a");
  EXPECT_EQ(a->state, JobState::kDelivering);
  EXPECT_EQ(*a->document, R"({"id":"a","status":"COMPLETED"})");
  ASSERT_TRUE(s.record_delivery("a", JobState::kDelivering, 1, "webhook answered HTTP 500", 123).is_ok());
  EXPECT_EQ(s.find("a")->next_attempt_at_ms, 123);
  ASSERT_TRUE(s.record_delivery("a", JobState::kCompleted, 2, std::nullopt, 0).is_ok());
  a = s.find("a");
  EXPECT_EQ(a->state, JobState::kCompleted);
  EXPECT_EQ(a->delivery_attempts, 2);
  EXPECT_FALSE(a->last_error);
  EXPECT_EQ(s.count_unfinished(), 1u);

  auto exam = s.find_examination("exam");
  ASSERT_EQ(exam.size(), 2u);
  EXPECT_FALSE(s.find("missing"));

  EXPECT_EQ(s.prune_finished_before(JobStore::now_ms() + 1000), 1);
  EXPECT_FALSE(s.find("a"));
  EXPECT_TRUE(s.find("b")) << "unfinished jobs are never pruned";
}

TEST_F(JobStoreTest, ManyConcurrentInsertsAllCommit) {
  auto store = JobStore::open(dir_);
  ASSERT_TRUE(store);
  std::vector<std::promise<Status>> done(200);
  for (int i = 0; i < 200; ++i)
    (*store)->insert(make_job("j" + std::to_string(i), "e"), [&, i](Status s) { done[i].set_value(s); });
  for (auto& d : done) EXPECT_TRUE(d.get_future().get().is_ok());
  EXPECT_EQ((*store)->count_unfinished(), 200u);
}

TEST_F(JobStoreTest, ANewFolderAndStoreAreTheOwnersAlone) {
  namespace fs = std::filesystem;
  const mode_t old_umask = ::umask(022);  // the usual umask, which would leave both world-readable
  auto store = JobStore::open(dir_ / "data");
  ::umask(old_umask);
  ASSERT_TRUE(store) << store.status().message();
  EXPECT_EQ(fs::status(dir_ / "data").permissions() & fs::perms::all, fs::perms::owner_all);
  for (const char* name : {"jobs.sqlite3", "jobs.sqlite3-wal", "jobs.sqlite3-shm"}) {  // all there while open
    ASSERT_TRUE(fs::exists(dir_ / "data" / name)) << name;
    EXPECT_EQ(fs::status(dir_ / "data" / name).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write) << name;
  }
}

TEST_F(JobStoreTest, AnUnwritableFolderIsAClearError) {
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ / "file") << "x";
  auto store = JobStore::open(dir_ / "file" / "sub");
  ASSERT_FALSE(store);
  EXPECT_NE(store.status().message().find("file"), std::string::npos) << store.status().message();
}

}  // namespace
}  // namespace octgate::jobs
