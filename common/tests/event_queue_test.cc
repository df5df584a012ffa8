// The queue between a consumer's stream reader and its applier: order, batches, and the
// recycling of applied events into the reader's next parse.
#include "common/events/event_queue.h"

#include <gtest/gtest.h>

#include <thread>

#include "absl/strings/str_cat.h"

namespace sales::events {
namespace {

v1::Event Placed(int64_t position, int lines) {
  v1::Event event;
  event.set_position(position);
  event.set_type("order_placed");
  v1::OrderSnapshot* order = event.mutable_order_placed()->mutable_order();
  order->set_order(absl::StrCat("orders/", position));
  for (int i = 0; i < lines; ++i) order->add_lines()->set_product(absl::StrCat("products/", i));
  return event;
}

TEST(EventQueueTest, BatchesKeepOrderAndSizeAndEmptyTheReaderSlot) {
  EventQueue queue(10);
  for (int64_t p = 1; p <= 5; ++p) {
    v1::Event event = Placed(p, 2);
    ASSERT_TRUE(queue.Push(event));
    // The reader's slot is empty again, ready for the next parse.
    EXPECT_EQ(event.ByteSizeLong(), 0u);
  }
  std::vector<v1::Event> batch;
  ASSERT_TRUE(queue.PopBatch(3, batch));
  ASSERT_EQ(batch.size(), 3u);
  EXPECT_EQ(batch[0].position(), 1);
  EXPECT_EQ(batch[2].position(), 3);
  EXPECT_EQ(batch[1].order_placed().order().lines_size(), 2);
  ASSERT_TRUE(queue.PopBatch(3, batch));
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].position(), 4);
  EXPECT_EQ(batch[1].position(), 5);
}

TEST(EventQueueTest, AppliedEventsComeBackClearedForTheNextParse) {
  EventQueue queue(10);
  v1::Event event = Placed(1, 3);
  ASSERT_TRUE(queue.Push(event));
  std::vector<v1::Event> batch;
  ASSERT_TRUE(queue.PopBatch(10, batch));
  ASSERT_EQ(batch.size(), 1u);
  // The next PopBatch takes the applied batch back; the next Push hands it to the reader
  // cleared: nothing of the old event shows.
  event = Placed(2, 1);
  ASSERT_TRUE(queue.Push(event));
  ASSERT_TRUE(queue.PopBatch(10, batch));
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].position(), 2);
  EXPECT_EQ(batch[0].order_placed().order().lines_size(), 1);
  v1::Event next = Placed(3, 1);
  ASSERT_TRUE(queue.Push(next));
  EXPECT_EQ(next.ByteSizeLong(), 0u);
  EXPECT_FALSE(next.has_order_placed());
  // Parsing into the recycled slot gives exactly the parsed event.
  const v1::Event original = Placed(4, 2);
  ASSERT_TRUE(next.ParseFromString(original.SerializeAsString()));
  EXPECT_EQ(next.SerializeAsString(), original.SerializeAsString());
}

TEST(EventQueueTest, CloseDrainsThenEndsAndAbortStopsBothSides) {
  EventQueue queue(2);
  v1::Event event = Placed(1, 1);
  ASSERT_TRUE(queue.Push(event));
  queue.Close();
  std::vector<v1::Event> batch;
  ASSERT_TRUE(queue.PopBatch(5, batch));
  EXPECT_EQ(batch.size(), 1u);
  EXPECT_FALSE(queue.PopBatch(5, batch));

  EventQueue full(1);
  v1::Event first = Placed(1, 1);
  ASSERT_TRUE(full.Push(first));
  std::thread pusher([&full] {
    v1::Event second = Placed(2, 1);
    EXPECT_FALSE(full.Push(second));  // waits for room until the abort
  });
  full.Abort();
  pusher.join();
  EXPECT_FALSE(full.PopBatch(5, batch));
}

}  // namespace
}  // namespace sales::events
