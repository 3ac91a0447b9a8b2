package io.fakewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fakewatch.config.FakeWatchConfig;
import io.fakewatch.events.DetectState;
import io.fakewatch.ingest.IngestSettings;
import io.fakewatch.ingest.SampledFrame;
import io.fakewatch.ingest.VideoDecoder;
import io.fakewatch.testing.SharedData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** On every labelled shared video: the main face in ≥ 90 % of the 32 sampled frames, as one dominant track. */
class DetectVideosTest {
  @Test
  void theMainFaceIsFoundAndTrackedAsOneTrack() throws Exception {
    VideoDecoder decoder = new VideoDecoder(IngestSettings.from(FakeWatchConfig.of(Map.of(
        IngestSettings.FILE_ROOTS, SharedData.videos().toString()))));
    DetectSettings settings = DetectSettings.from(FakeWatchConfig.defaults());
    FaceCropper cropper = new FaceCropper(settings);
    try (FaceDetector detector = DetectorProbe.open("yunet_s_640_640", 0.6)) {
      for (String name : SharedData.labels().keySet()) {
        List<SampledFrame> frames = decoder.sample(SharedData.video(name));
        DetectState state = DetectState.newBuilder().setVideoId(name).build();
        FaceTracker tracker = new FaceTracker(settings.trackIou());
        Map<Integer, Integer> framesPerTrack = new HashMap<>();
        int framesWithFace = 0;
        for (SampledFrame frame : frames) {
          try (Mat image = opencv_imgcodecs.imdecode(new Mat(new BytePointer(frame.jpeg())), opencv_imgcodecs.IMREAD_COLOR)) {
            List<Detection> faces = detector.detect(image).stream().filter(f -> cropper.usable(f, image.cols(), image.rows())).toList();
            int[] ids = tracker.assign(state, faces, frame.index());
            framesWithFace += faces.isEmpty() ? 0 : 1;
            for (int id : ids) {
              framesPerTrack.merge(id, 1, Integer::sum);
            }
          }
        }
        int dominant = framesPerTrack.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        assertThat(framesWithFace).as(name + " frames with a face").isGreaterThanOrEqualTo(29);
        assertThat(dominant).as(name + " dominant track length; tracks " + framesPerTrack).isGreaterThanOrEqualTo(29);
      }
    }
  }
}
