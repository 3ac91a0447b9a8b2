package io.fakewatch.score;

import io.fakewatch.events.ScorePending;
import io.fakewatch.kafka.TopicSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The records a score task has gathered and not yet scored, in arrival order, in its changelogged store.
 * Gathering is a put inside the task's transaction and flushing deletes them in the transaction that sends
 * their scores, so under exactly-once a crash between the two neither loses a record (the store is restored
 * from its changelog) nor scores one twice (an aborted transaction takes back both the puts and the
 * outputs). The counts here are a cache of the store, rebuilt from it when the task (re)starts.
 */
final class PendingRecords {
  /** A drained record: the input record as it came, and when it was gathered. */
  record Entry(String key, long timestamp, long gatheredAt, SpecificRecord value) {}

  private final KeyValueStore<Long, ScorePending> store;
  private final TopicSpec<String, SpecificRecord> input;
  private long nextKey;
  private int crops;
  private int records;
  private long oldestGatheredAt = Long.MAX_VALUE;

  /** @param input the topic the records came from: its serde encodes them in the store */
  PendingRecords(KeyValueStore<Long, ScorePending> store, TopicSpec<String, SpecificRecord> input) {
    this.store = store;
    this.input = input;
    try (KeyValueIterator<Long, ScorePending> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<Long, ScorePending> entry = all.next();
        count(entry.value);
        nextKey = Math.max(nextKey, entry.key + 1);
      }
    }
  }

  boolean isEmpty() {
    return records == 0;
  }

  int crops() {
    return crops;
  }

  /** Wall-clock millis the oldest pending record was gathered at; Long.MAX_VALUE when none is. */
  long oldestGatheredAt() {
    return oldestGatheredAt;
  }

  void add(String key, long timestamp, long gatheredAt, int cropCount, SpecificRecord value) {
    byte[] payload = input.valueSerde().serializer().serialize(input.name(), value);
    ScorePending pending = ScorePending.newBuilder().setKey(key).setTimestamp(timestamp).setGatheredAtMillis(gatheredAt)
        .setCrops(cropCount).setPayload(ByteBuffer.wrap(payload)).build();
    // keys are non-negative longs, serialised big-endian: the store iterates them in arrival order
    store.put(nextKey++, pending);
    count(pending);
  }

  /** Every pending record in arrival order, removed from the store. */
  List<Entry> drain() {
    List<Entry> drained = new ArrayList<>(records);
    List<Long> keys = new ArrayList<>(records);
    try (KeyValueIterator<Long, ScorePending> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<Long, ScorePending> entry = all.next();
        keys.add(entry.key);
        ScorePending p = entry.value;
        drained.add(new Entry(p.getKey(), p.getTimestamp(), p.getGatheredAtMillis(), decode(p.getPayload())));
      }
    }
    keys.forEach(store::delete);
    crops = 0;
    records = 0;
    oldestGatheredAt = Long.MAX_VALUE;
    return drained;
  }

  private SpecificRecord decode(ByteBuffer payload) {
    byte[] bytes = new byte[payload.remaining()];
    payload.duplicate().get(bytes);
    return input.valueSerde().deserializer().deserialize(input.name(), bytes);
  }

  private void count(ScorePending pending) {
    records++;
    crops += pending.getCrops();
    oldestGatheredAt = Math.min(oldestGatheredAt, pending.getGatheredAtMillis());
  }
}
