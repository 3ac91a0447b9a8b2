package io.fakewatch.serde;

import io.fakewatch.events.CropManifest;
import io.fakewatch.events.CropScore;
import io.fakewatch.events.DeadLetter;
import io.fakewatch.events.FaceCrops;
import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.events.VideoVerdict;
import io.fakewatch.events.LandmarkSequences;
import io.fakewatch.events.SequenceScores;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/** Every top-level FakeWatch event class, and the one place that tells Avro to trust them. */
public final class Events {
  public static final List<Class<? extends SpecificRecord>> ALL =
      List.of(
          VideoRequest.class,
          FrameBatch.class,
          FaceCrops.class,
          CropManifest.class,
          CropScore.class,
          LandmarkSequences.class,
          SequenceScores.class,
          VideoVerdict.class,
          DeadLetter.class);

  private static volatile boolean trusted;

  private Events() {}

  /**
   * Avro 1.12 refuses to instantiate classes outside its trusted packages; trust ours, keeping Avro's own
   * defaults and whatever the system properties add.
   */
  public static void trustEventPackage() {
    if (trusted) {
      return;
    }
    synchronized (Events.class) {
      if (!trusted) {
        ClassSecurityValidator.setGlobal(
            ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                type -> type.getName().startsWith("io.fakewatch.events.")));
        trusted = true;
      }
    }
  }
}
