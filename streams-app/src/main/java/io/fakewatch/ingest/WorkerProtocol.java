package io.fakewatch.ingest;

import io.fakewatch.events.FrameBatch;
import io.fakewatch.events.Status;
import io.fakewatch.events.VideoRequest;
import io.fakewatch.serde.EventSerde;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipe between the ingest stage and a decoder worker (the worker's stdin and stdout; its logs go to stderr).
 * A job is the request, the local path and its size; a reply is the video's records in the project's Avro
 * encoding, length-prefixed, or the failure's status, reason and message — so what a record carries can
 * change without this protocol changing. Every reply also carries the worker's CPU time so far.
 */
final class WorkerProtocol {
  static final int READY = 0x46574452; // "FWDR", once when the worker's FFmpeg and OpenCV are loaded
  private static final int REPLY = 0x46575250; // "FWRP"
  private static final byte RECORDS = 1;
  private static final byte FAILURE = 2;
  private static final int MAX_TEXT = 16 * 1024;

  record Job(VideoRequest request, Path file, long bytes) {}

  record Reply(List<FrameBatch> records, IngestFailure failure, long cpuNanos) {
    List<FrameBatch> recordsOrThrow() throws IngestFailure {
      if (failure != null) {
        throw failure;
      }
      return records;
    }
  }

  private final EventSerde<FrameBatch> batches = EventSerde.of(FrameBatch.class);
  private final EventSerde<VideoRequest> requests = EventSerde.of(VideoRequest.class);
  /** Largest record accepted from a worker: anything bigger is a broken (or subverted) worker, not a video. */
  private final int maxRecordBytes;

  WorkerProtocol(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  void writeJob(DataOutputStream out, Job job) throws IOException {
    writeBytes(out, requests.serialize(null, job.request()));
    out.writeUTF(job.file().toString());
    out.writeLong(job.bytes());
    out.flush();
  }

  /** The next job, or null when the stage closed the pipe. */
  Job readJob(DataInputStream in) throws IOException {
    byte[] request;
    try {
      request = readBytes(in, maxRecordBytes);
    } catch (EOFException e) {
      return null;
    }
    return new Job(requests.deserialize(null, request), Path.of(in.readUTF()), in.readLong());
  }

  void writeRecords(DataOutputStream out, List<FrameBatch> records, long cpuNanos) throws IOException {
    out.writeInt(REPLY);
    out.writeByte(RECORDS);
    out.writeLong(cpuNanos);
    out.writeInt(records.size());
    for (FrameBatch record : records) {
      writeBytes(out, batches.serialize(null, record));
    }
    out.flush();
  }

  void writeFailure(DataOutputStream out, IngestFailure failure, long cpuNanos) throws IOException {
    out.writeInt(REPLY);
    out.writeByte(FAILURE);
    out.writeLong(cpuNanos);
    out.writeUTF(failure.status().name());
    out.writeUTF(clip(failure.reason()));
    out.writeUTF(clip(String.valueOf(failure.getMessage())));
    out.flush();
  }

  /** A reply; a malformed one is an {@link IOException}, like a worker that died. */
  Reply readReply(DataInputStream in) throws IOException {
    if (in.readInt() != REPLY) {
      throw new IOException("malformed reply from the decoder worker");
    }
    byte kind = in.readByte();
    long cpu = in.readLong();
    if (kind == FAILURE) {
      Status status = Status.valueOf(in.readUTF());
      return new Reply(List.of(), new IngestFailure(status, in.readUTF(), in.readUTF()), cpu);
    }
    int count = in.readInt();
    if (kind != RECORDS || count < 1 || count > 10_000) {
      throw new IOException("malformed reply from the decoder worker (kind " + kind + ", " + count + " records)");
    }
    List<FrameBatch> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      records.add(batches.deserialize(null, readBytes(in, maxRecordBytes)));
    }
    return new Reply(records, null, cpu);
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in, int max) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > max) {
      throw new IOException("a record of " + length + " bytes from the decoder pipe (at most " + max + ")");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  private static String clip(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
  }
}
