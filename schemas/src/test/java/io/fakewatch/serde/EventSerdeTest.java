package io.fakewatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fakewatch.events.CropManifest;
import io.fakewatch.events.FaceCrops;
import io.fakewatch.events.Label;
import io.fakewatch.events.Status;
import io.fakewatch.events.TrackSummary;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.events.VideoVerdict;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EventSerdeTest {
  private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

  @Test
  void roundTripsAnEvent() {
    EventSerde<VideoRequest> serde = EventSerde.of(VideoRequest.class);
    VideoRequest request = VideoRequest.newBuilder().setVideoId("v1").setUri("file:///a.mp4").setRequestedAt(AT)
        .setSubmitter("ops").build();
    byte[] bytes = serde.serialize("t", request);
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(serde.deserialize("t", bytes)).isEqualTo(request);
  }

  @Test
  void multiTypeTopicDecodesEachTypeByItsFingerprint() {
    EventSerde<org.apache.avro.specific.SpecificRecord> serde =
        EventSerde.ofAny(SchemaCatalog.shipped(), FaceCrops.class, CropManifest.class);
    FaceCrops crops = FaceCrops.newBuilder().setVideoId("v").setUri("u").setRequestedAt(AT).setBatchIndex(3).build();
    CropManifest manifest = CropManifest.newBuilder().setVideoId("v").setUri("u").setRequestedAt(AT)
        .setStatus(Status.NO_FACES).build();
    assertThat(serde.deserialize("t", serde.serialize("t", crops))).isInstanceOf(FaceCrops.class).isEqualTo(crops);
    assertThat(serde.deserialize("t", serde.serialize("t", manifest))).isInstanceOf(CropManifest.class).isEqualTo(manifest);
    // a type the topic does not carry is refused by name
    byte[] request = EventSerde.of(VideoRequest.class).serialize("t", VideoRequests.of("v", "file:///x", AT));
    assertThatThrownBy(() -> serde.deserialize("t", request))
        .isInstanceOf(SerializationException.class).hasMessageContaining("VideoRequest").hasMessageContaining("CropManifest or FaceCrops");
  }

  @Test
  void readsARecordWrittenWithAnOlderSchema() throws Exception {
    Schema v0 = new Schema.Parser().parse(getClass().getResourceAsStream("/avro/history/VideoRequest-v0.avsc"));
    GenericRecord old = new GenericData.Record(v0);
    old.put("videoId", "old-1");
    old.put("uri", "file:///old.mp4");
    old.put("requestedAt", AT.toEpochMilli());
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(old).array();

    VideoRequest read = EventSerde.of(VideoRequest.class).deserialize("t", bytes);
    assertThat(read.getVideoId()).isEqualTo("old-1");
    assertThat(read.getRequestedAt()).isEqualTo(AT);
    assertThat(read.getSubmitter()).isNull(); // the field v0 lacks takes its default
  }

  @Test
  void everyHistoryVersionIsReadByTheCurrentClass() throws Exception {
    AvroLimits.apply(); // before this test's own Avro calls read the limits (the serde applies them on first use)
    // each v0 file parses (knowing the shared types) and is in the shipped catalog, so records written
    // before the temporal model and the evidence fields still decode, their new fields at defaults
    java.util.Map<String, Class<? extends org.apache.avro.specific.SpecificRecord>> current = java.util.Map.of(
        "VideoVerdict", VideoVerdict.class, "FrameBatch", io.fakewatch.events.FrameBatch.class,
        "FaceCrops", FaceCrops.class, "CropManifest", CropManifest.class, "CropScore", io.fakewatch.events.CropScore.class);
    for (var entry : current.entrySet()) {
      Schema.Parser parser = new Schema.Parser();
      parser.addTypes(List.of(Status.getClassSchema(), Label.getClassSchema(), io.fakewatch.events.VideoInfo.getClassSchema(),
          io.fakewatch.events.Box.getClassSchema()));
      Schema v0 = parser.parse(getClass().getResourceAsStream("/avro/history/" + entry.getKey() + "-v0.avsc"));
      assertThat(SchemaCatalog.shipped().findByFingerprint(SchemaCatalog.fingerprint(v0))).as(entry.getKey()).isNotNull();
      assertThat(SchemaCatalog.fingerprint(v0)).as(entry.getKey() + " changed")
          .isNotEqualTo(SchemaCatalog.fingerprint(org.apache.avro.specific.SpecificData.get().getSchema(entry.getValue())));
    }
    Schema.Parser parser = new Schema.Parser();
    parser.addTypes(List.of(Status.getClassSchema(), Label.getClassSchema(), io.fakewatch.events.VideoInfo.getClassSchema(),
        io.fakewatch.events.Box.getClassSchema()));
    Schema v0 = parser.parse(getClass().getResourceAsStream("/avro/history/VideoVerdict-v0.avsc"));
    org.apache.avro.generic.GenericRecordBuilder old = new org.apache.avro.generic.GenericRecordBuilder(v0);
    old.set("videoId", "old-v");
    old.set("uri", "file:///old.mp4");
    old.set("label", new GenericData.EnumSymbol(Label.getClassSchema(), "FAKE"));
    old.set("probability", 0.8);
    old.set("status", new GenericData.EnumSymbol(Status.getClassSchema(), "OK"));
    GenericRecord track = new GenericData.Record(v0.getField("tracks").schema().getElementType());
    for (String f : List.of("trackId", "frames", "firstFrame", "lastFrame")) {
      track.put(f, 3);
    }
    for (String f : List.of("mean", "min", "max")) {
      track.put(f, 0.8);
    }
    old.set("tracks", List.of(track));
    old.set("models", List.of());
    old.set("aggregation", "mean-max");
    old.set("timings", java.util.Map.of());
    old.set("requestedAt", AT.toEpochMilli());
    old.set("decidedAt", AT.toEpochMilli());
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(old.build()).array();
    VideoVerdict read = new VerdictSerde(VerdictSerde.Format.AVRO).deserialize("t", bytes);
    assertThat(read.getTracks().get(0).getMean()).isEqualTo(0.8);
    assertThat(read.getTracks().get(0).getFusedScore()).isNull();
    assertThat(read.getTracks().get(0).getTimeline()).isEmpty();
    assertThat(read.getSegments()).isEmpty();
    assertThat(read.getCalibration()).isEmpty();
  }

  @Test
  void readsARecordWrittenWithANewerSchemaOnceTheSchemaIsKnown() throws Exception {
    Path newer = Path.of(getClass().getResource("/newer").toURI());
    Schema v2 = new Schema.Parser().parse(newer.resolve("VideoRequest-v2.avsc").toFile());
    GenericRecord record = new GenericData.Record(v2);
    record.put("videoId", "new-1");
    record.put("uri", "file:///new.mp4");
    record.put("requestedAt", AT.toEpochMilli());
    record.put("submitter", "svc");
    record.put("priority", 7);
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(record).array();

    // Without the newer schema: a clear error naming the fingerprint, not garbage.
    assertThatThrownBy(() -> EventSerde.of(VideoRequest.class).deserialize("video-requests", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown schema fingerprint")
        .hasMessageContaining("video-requests");
    // With it in serde.schema.dir: the old reader reads the new record, dropping the field it does not know.
    VideoRequest read = EventSerde.of(VideoRequest.class, SchemaCatalog.withExtraSchemas(newer)).deserialize("t", bytes);
    assertThat(read.getVideoId()).isEqualTo("new-1");
    assertThat(read.getSubmitter()).isEqualTo("svc");
  }

  @Test
  void randomBytesAreAClearError() {
    byte[] noise = new byte[64];
    new Random(42).nextBytes(noise);
    noise[0] = 0x11;
    assertThatThrownBy(() -> EventSerde.of(VideoRequest.class).deserialize("video-frames", noise))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not an Avro single-object event")
        .hasMessageContaining("video-frames");
  }

  @Test
  void aTruncatedBodyIsAClearError() {
    EventSerde<VideoRequest> serde = EventSerde.of(VideoRequest.class);
    byte[] bytes = serde.serialize("t", VideoRequests.of("v", "file:///a-long-name.mp4", AT));
    byte[] truncated = java.util.Arrays.copyOf(bytes, 14);
    assertThatThrownBy(() -> serde.deserialize("t", truncated))
        .isInstanceOf(SerializationException.class).hasMessageContaining("does not decode");
  }

  @Test
  void requestsAreAcceptedAsJsonOrBareUri() {
    VideoRequestSerde serde = new VideoRequestSerde();
    VideoRequest json = serde.deserialize("t",
        "{\"videoId\": \"clip-7\", \"uri\": \"https://example.com/v.mp4\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(json.getVideoId()).isEqualTo("clip-7");
    assertThat(json.getUri()).isEqualTo("https://example.com/v.mp4");

    VideoRequest bare = serde.deserialize("t", "  https://example.com/v.mp4\n".getBytes(StandardCharsets.UTF_8));
    VideoRequest noId = serde.deserialize("t", "{\"uri\": \"https://example.com/v.mp4\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(bare.getUri()).isEqualTo("https://example.com/v.mp4");
    // the default id is a stable hash of the URI: the same from both forms, different for another URI
    assertThat(bare.getVideoId()).isEqualTo(noId.getVideoId()).isEqualTo(VideoRequests.idForUri("https://example.com/v.mp4"))
        .startsWith("v-").hasSize(18);
    assertThat(VideoRequests.idForUri("https://example.com/w.mp4")).isNotEqualTo(bare.getVideoId());

    VideoRequest path = serde.deserialize("t", "/data/in/a b.mp4".replace(" ", "_").getBytes(StandardCharsets.UTF_8));
    assertThat(path.getUri()).isEqualTo("file:///data/in/a_b.mp4");
    // and Avro still works on the same topic
    assertThat(serde.deserialize("t", serde.serializer().serialize("t", json))).isEqualTo(json);
  }

  @Test
  void malformedRequestsNameTheProblem() {
    VideoRequestSerde serde = new VideoRequestSerde();
    assertThatThrownBy(() -> serde.deserialize("video-requests", "{\"videoId\": \"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("no \"uri\"");
    assertThatThrownBy(() -> serde.deserialize("video-requests", "{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> serde.deserialize("video-requests", "hello world".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("neither Avro, JSON nor a URI");
    byte[] noise = new byte[32];
    new Random(1).nextBytes(noise);
    noise[0] = (byte) 0xC3;
    noise[1] = 0x01;
    assertThatThrownBy(() -> serde.deserialize("video-requests", noise))
        .isInstanceOf(SerializationException.class).hasMessageContaining("unknown schema fingerprint");
  }

  @Test
  void verdictsAreWrittenAsAvroOrJsonAndReadInEither() throws Exception {
    VideoVerdict verdict = VideoVerdict.newBuilder().setVideoId("v").setUri("file:///v.mp4").setLabel(Label.FAKE)
        .setProbability(0.91).setStatus(Status.OK)
        .setTracks(List.of(TrackSummary.newBuilder().setTrackId(0).setFrames(30).setMean(0.9).setMin(0.5).setMax(0.99)
            .setFirstFrame(0).setLastFrame(310).setFusedScore(0.91).build()))
        .setModels(List.of("meso4_df@2018-keras")).setTimings(Map.of("total", 1234L))
        .setRequestedAt(AT).setDecidedAt(AT.plusSeconds(2)).build();
    VerdictSerde json = new VerdictSerde(VerdictSerde.Format.JSON);
    VerdictSerde avro = new VerdictSerde(VerdictSerde.Format.AVRO);
    byte[] text = json.serialize("t", verdict);
    var node = AvroJson.MAPPER.readTree(text);
    assertThat(node.get("label").asText()).isEqualTo("FAKE");
    assertThat(node.get("error").isNull()).isTrue();
    assertThat(node.get("tracks").get(0).get("mean").asDouble()).isEqualTo(0.9);
    assertThat(node.get("decidedAt").asText()).isEqualTo("2026-11-24T10:00:02Z");
    assertThat(avro.deserialize("t", text)).isEqualTo(verdict);
    assertThat(json.deserialize("t", avro.serialize("t", verdict))).isEqualTo(verdict);
  }
}
