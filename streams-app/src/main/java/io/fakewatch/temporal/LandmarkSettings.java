package io.fakewatch.temporal;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.fakewatch.config.FakeWatchConfig;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/** The detect stage's temporal keys: whether clips become landmark sequences, with which model, followed how. */
public record LandmarkSettings(boolean enabled, String model, ClipLandmarker.Follow follow) {
  public static final String ENABLED = "detect.temporal.enabled";
  public static final String MODEL = "detect.landmark.model";
  public static final String FOLLOW = "detect.clip.follow";

  public static void define(ConfigDef def) {
    def.define(ENABLED, Type.BOOLEAN, true, HIGH,
            "Turn each clip into a 68-point landmark sequence per face for the temporal model; false: clips are"
                + " answered with a record saying so, and the temporal model abstains")
        .define(MODEL, Type.STRING, "mediapipe_face_landmark68", MEDIUM, "Landmark model from the manifest (role landmarks)")
        .define(FOLLOW, Type.STRING, "detector", ValidString.in("detector", "landmarks"), MEDIUM,
            "How a face is followed through a clip: detector (the face detector on every frame, as the reference"
                + " prototype; its scores are reproduced) or landmarks (MediaPipe's video mode, the previous frame's"
                + " landmarks give the next region: about 40 % cheaper, further from the reference)");
  }

  public static LandmarkSettings from(FakeWatchConfig config) {
    return new LandmarkSettings(config.getBoolean(ENABLED), config.getString(MODEL),
        ClipLandmarker.Follow.valueOf(config.getString(FOLLOW).toUpperCase(Locale.ROOT)));
  }
}
