// One video's page: the verdict in words, timings, and per track the chart, the suspicious segments as a
// list, the strip of face thumbnails and the per-model table. Polls while the video is in flight.
'use strict';

(function () {
  const FW = window.FakeWatch = window.FakeWatch || {};
  const TIMINGS = ['ingest', 'detect', 'score', 'verdict', 'total'];

  const seconds = micros => (micros / 1e6).toFixed(2) + ' s';

  function facts(pairs) {
    const { el } = FW;
    return el('dl', { class: 'facts' }, pairs.filter(p => p[1] !== null && p[1] !== undefined && p[1] !== '')
      .map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  }

  function summary(v) {
    const { el } = FW;
    const info = v.video;
    return facts([
      ['Label', FW.labelBadge(v.label)],
      ['P(fake)', el('span', { id: 'probability' }, FW.fmtProb(v.probability))],
      ['Status', el('span', {}, el('span', { class: 'status' }, v.status), ' — ', FW.statusText(v.status))],
      ['Error', v.error ? el('span', { class: 'error' }, v.error) : null],
      ['URI', v.uri],
      ['Video', info ? `${info.width}×${info.height}, ${info.fps.toFixed(2)} fps, ${seconds(info.durationMicros)}${info.codec ? ', ' + info.codec : ''}` : null],
      ['Frames', v.sampledFrames ? `${v.framesWithFaces} of ${v.sampledFrames} sampled frames had a face` : null],
      ['Frame models', (v.frameModels || []).join(', ') || (v.models || []).join(', ')],
      ['Temporal models', (v.temporalModels || []).join(', ') || 'none'],
      ['Fusion', Object.keys(v.fusion || {}).length ? Object.entries(v.fusion).map(([k, w]) => `${k} ${w}`).join(', ') : null],
      ['Calibration', v.calibration || v.aggregation],
      ['Decided', v.decidedAt ? new Date(v.decidedAt).toLocaleString() : null],
    ]);
  }

  function timings(v) {
    const { el } = FW;
    const t = v.timings || {};
    const keys = TIMINGS.filter(k => k in t).concat(Object.keys(t).filter(k => !TIMINGS.includes(k)));
    if (!keys.length) return el('p', { class: 'muted' }, 'No timings recorded.');
    return el('table', { id: 'timings' }, el('caption', { class: 'muted' }, 'Milliseconds per stage'),
      el('thead', {}, el('tr', {}, keys.map(k => el('th', { scope: 'col', class: 'num' }, k)))),
      el('tbody', {}, el('tr', {}, keys.map(k => el('td', { class: 'num' }, t[k])))));
  }

  function modelTable(track) {
    const { el } = FW;
    const models = track.models || [];
    if (!models.length) return el('p', { class: 'muted' }, 'No per-model scores for this track.');
    return el('table', { class: 'models' },
      el('caption', { class: 'muted' }, `What each model said about track ${track.trackId}`),
      el('thead', {}, el('tr', {}, ['Model', 'Kind', 'Score', 'Samples'].map((h, i) => el('th', { scope: 'col', class: i >= 2 ? 'num' : null }, h)))),
      el('tbody', {}, models.map(m => el('tr', {},
        el('th', { scope: 'row' }, m.model), el('td', {}, m.kind),
        el('td', { class: 'num' }, m.abstained || m.score === null ? 'abstained: ' + (m.reason || 'no reason given') : m.score.toFixed(3)),
        el('td', { class: 'num' }, m.samples)))));
  }

  function segmentList(segments) {
    const { el } = FW;
    if (!segments.length) return el('p', { class: 'segments-none' }, 'No suspicious segment: the fused score never stayed above the threshold.');
    return el('ul', { class: 'segments-list' }, segments.map(s => el('li', {},
      `${seconds(s.startMicros)} – ${seconds(s.endMicros)} (frames ${s.startFrame}–${s.endFrame}): peak ${s.peak.toFixed(3)}, mean ${s.mean.toFixed(3)}`)));
  }

  function thumbnails(videoId, track, segments) {
    const { el } = FW;
    const timeline = track.timeline || [];
    if (!timeline.length) return el('p', { class: 'muted' }, 'No frames kept for this track.');
    const inSegment = f => segments.some(s => f.frameIndex >= s.startFrame && f.frameIndex <= s.endFrame);
    return el('ol', { class: 'thumbs', 'aria-label': `Faces of track ${track.trackId}, in frame order` }, timeline.map(f => el('li', { class: inSegment(f) ? 'hot' : null },
      el('figure', {},
        el('img', { loading: 'lazy', width: '64', height: '64',
          src: `/api/videos/${encodeURIComponent(videoId)}/thumbnails/${track.trackId}/${f.frameIndex}.jpg`,
          alt: `track ${track.trackId}, frame ${f.frameIndex} at ${seconds(f.timestampMicros)}, score ${f.fusedScore.toFixed(2)}${inSegment(f) ? ', in a suspicious segment' : ''}` }),
        el('figcaption', {}, `${(f.timestampMicros / 1e6).toFixed(1)} s · ${f.fusedScore.toFixed(2)}${inSegment(f) ? ' ⚑' : ''}`)))));
  }

  function trackSection(v, track) {
    const { el } = FW;
    const segments = (v.segments || []).filter(s => s.trackId === track.trackId);
    const chart = FW.trackChart(track, segments, v.video ? v.video.durationMicros : 0);
    const score = typeof track.fusedScore === 'number' ? track.fusedScore : track.mean;
    return el('section', { class: 'track', 'data-track': track.trackId, 'aria-labelledby': 'track-h-' + track.trackId },
      el('h3', { id: 'track-h-' + track.trackId }, `Track ${track.trackId} — ${track.frames} frames, score ${FW.fmtProb(score)}`),
      chart.figure,
      el('h4', {}, 'Suspicious segments'), el('div', { class: 'segments' }, segmentList(segments)),
      el('h4', {}, 'Faces'), thumbnails(v.videoId, track, segments),
      el('h4', {}, 'Models'), modelTable(track));
  }

  function render(view, v) {
    const { el } = FW;
    const tracks = v.tracks || [];
    view.replaceChildren(
      el('p', {}, el('a', { href: '#/' }, '← All verdicts')),
      el('h2', {}, 'Video ', el('code', {}, v.videoId)),
      summary(v),
      el('h3', {}, 'Timings'), timings(v),
      ...(tracks.length ? tracks.map(t => trackSection(v, t)) : [el('p', { class: 'muted' }, 'No face tracks: nothing to chart.')]));
  }

  async function showVideo(id) {
    const { el } = FW;
    const view = document.getElementById('view');
    const here = location.hash;
    view.replaceChildren(el('p', {}, 'Loading ', el('code', {}, id), '…'));
    const load = async () => {
      if (location.hash !== here) return;
      let result;
      try {
        result = await FW.api('/api/videos/' + encodeURIComponent(id));
      } catch (e) {
        view.replaceChildren(el('p', { class: 'error' }, 'The server cannot be reached: ' + e.message));
        FW.schedule(load);
        return;
      }
      if (location.hash !== here) return;
      if (result.status === 200 && result.body) {
        render(view, result.body);
      } else if (result.status === 202) {
        const status = (result.body && result.body.status) || 'IN_FLIGHT';
        view.replaceChildren(el('p', {}, el('a', { href: '#/' }, '← All verdicts')),
          el('h2', {}, 'Video ', el('code', {}, id)),
          el('p', { class: 'in-flight' }, el('span', { class: 'status' }, status), ' — ', FW.statusText(status)));
        FW.schedule(load);
      } else if (result.status === 404) {
        view.replaceChildren(el('p', {}, el('a', { href: '#/' }, '← All verdicts')),
          el('p', { class: 'error' }, 'No video with the id ', el('code', {}, id), ' is known here.'));
      } else {
        view.replaceChildren(el('p', { class: 'error' }, FW.apiError(result)));
      }
    };
    await load();
  }

  FW.showVideo = showVideo;
})();
