// The score-over-time chart of one track, drawn as inline SVG: x is the time in the video, y the FAKE
// probability 0..1. Series differ by dash and marker as well as colour; suspicious segments are hatched.
'use strict';

(function () {
  const FW = window.FakeWatch = window.FakeWatch || {};
  const NS = 'http://www.w3.org/2000/svg';
  const W = 900, H = 260, M = { left: 46, right: 16, top: 14, bottom: 34 };
  // per-model frame series beyond the main one: [dash, marker]
  const MODEL_STYLES = [['2 3', 'square'], ['8 3 2 3', 'triangle'], ['1 2', 'cross'], ['10 4', 'square']];
  const MODEL_COLOURS = ['#b35c00', '#007a87', '#9c1f6e', '#4d5b00'];

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, v);
    for (const c of children) if (c) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }

  function marker(kind, x, y, cls, colour) {
    const s = 3.5;
    if (kind === 'circle') return svg('circle', { cx: x, cy: y, r: s, class: cls, fill: colour });
    if (kind === 'diamond') return svg('path', { d: `M${x} ${y - s - 1}L${x + s + 1} ${y}L${x} ${y + s + 1}L${x - s - 1} ${y}Z`, class: cls });
    if (kind === 'triangle') return svg('path', { d: `M${x} ${y - s}L${x + s} ${y + s}L${x - s} ${y + s}Z`, fill: colour });
    if (kind === 'cross') return svg('path', { d: `M${x - s} ${y - s}L${x + s} ${y + s}M${x + s} ${y - s}L${x - s} ${y + s}`, stroke: colour, 'stroke-width': 1.5 });
    return svg('rect', { x: x - s, y: y - s, width: 2 * s, height: 2 * s, fill: colour });
  }

  /** A small sample of a series' line and marker, for the legend. */
  function swatch(style) {
    const line = svg('line', { x1: 2, y1: 8, x2: 38, y2: 8, class: style.cls, stroke: style.colour, 'stroke-dasharray': style.dash, 'stroke-width': style.width });
    const s = svg('svg', { width: 40, height: 16, viewBox: '0 0 40 16', 'aria-hidden': 'true' }, line);
    if (style.marker) s.append(marker(style.marker, 20, 8, style.markerCls, style.colour));
    if (style.hatch) s.replaceChildren(svg('rect', { x: 0, y: 0, width: 40, height: 16, fill: '#f6d5d1', stroke: '#b3261e', 'stroke-dasharray': '3 2' }));
    return s;
  }

  /**
   * Draws one track: {track, segments (this track's), durationMicros}. Returns {figure, series}: the figure
   * holds the SVG and its legend; series counts what was drawn.
   */
  function trackChart(track, segments, durationMicros) {
    const timeline = track.timeline || [];
    const blocks = track.blocks || [];
    const lastMicros = Math.max(durationMicros || 0, ...timeline.map(f => f.timestampMicros), ...blocks.map(b => b.endMicros), 1);
    const x = t => M.left + (W - M.left - M.right) * (t / lastMicros);
    const y = p => M.top + (H - M.top - M.bottom) * (1 - Math.min(1, Math.max(0, p)));
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'score-chart',
      'aria-label': `FAKE probability over time for track ${track.trackId}` });
    root.append(svg('title', {}, `Track ${track.trackId}: score over time`));
    root.append(svg('defs', {}, svg('pattern', { id: 'hatch', width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('rect', { width: 8, height: 8, fill: '#fbe3e0' }), svg('line', { x1: 0, y1: 0, x2: 0, y2: 8, stroke: '#d9837a', 'stroke-width': 3 }))));

    const shades = svg('g', { class: 'segment-shades' });
    for (const seg of segments) {
      shades.append(svg('rect', { class: 'segment-shade', x: x(seg.startMicros), y: M.top,
        width: Math.max(2, x(seg.endMicros) - x(seg.startMicros)), height: H - M.top - M.bottom },
      svg('title', {}, `suspicious ${(seg.startMicros / 1e6).toFixed(2)}–${(seg.endMicros / 1e6).toFixed(2)} s, peak ${seg.peak.toFixed(3)}`)));
    }
    root.append(shades);

    const axis = svg('g', { class: 'axis' });
    for (const p of [0, 0.25, 0.5, 0.75, 1]) {
      axis.append(svg('line', { x1: M.left, x2: W - M.right, y1: y(p), y2: y(p), class: 'grid' }));
      axis.append(svg('text', { x: M.left - 6, y: y(p) + 4, 'text-anchor': 'end' }, p.toFixed(2)));
    }
    const seconds = lastMicros / 1e6;
    const step = seconds > 20 ? 5 : seconds > 8 ? 2 : seconds > 3 ? 1 : 0.5;
    for (let s = 0; s <= seconds + 1e-9; s += step) {
      axis.append(svg('line', { x1: x(s * 1e6), x2: x(s * 1e6), y1: H - M.bottom, y2: H - M.bottom + 4 }));
      axis.append(svg('text', { x: x(s * 1e6), y: H - M.bottom + 16, 'text-anchor': 'middle' }, s.toFixed(step < 1 ? 1 : 0)));
    }
    axis.append(svg('text', { x: (W + M.left) / 2, y: H - 4, 'text-anchor': 'middle' }, 'time in video (s)'));
    axis.append(svg('path', { d: `M${M.left} ${M.top}V${H - M.bottom}H${W - M.right}`, fill: 'none' }));
    root.append(axis);

    const legend = [];
    let series = 0;
    const line = (points, attrs) => svg('path', Object.assign({ d: points.map((p, i) => (i ? 'L' : 'M') + p[0].toFixed(1) + ' ' + p[1].toFixed(1)).join('') }, attrs));

    const models = [...new Set(timeline.flatMap(f => Object.keys(f.modelScores || {})))];
    if (models.length > 1) {
      models.forEach((model, i) => {
        const [dash, mark] = MODEL_STYLES[i % MODEL_STYLES.length];
        const colour = MODEL_COLOURS[i % MODEL_COLOURS.length];
        const pts = timeline.filter(f => f.modelScores && model in f.modelScores).map(f => [x(f.timestampMicros), y(f.modelScores[model])]);
        const g = svg('g', { class: 'series', 'data-series': 'model:' + model });
        g.append(line(pts, { class: 'series-model', stroke: colour, 'stroke-dasharray': dash }));
        pts.forEach(p => g.append(marker(mark, p[0], p[1], null, colour)));
        root.append(g);
        series++;
        legend.push([model + ' (frame model)', { colour, dash, width: 1.2, marker: mark }]);
      });
    }
    if (timeline.length) {
      const pts = timeline.map(f => [x(f.timestampMicros), y(f.frameScore)]);
      const g = svg('g', { class: 'series', 'data-series': 'frame' });
      g.append(line(pts, { class: 'series-frame' }));
      pts.forEach(p => g.append(marker('circle', p[0], p[1], 'marker-frame')));
      root.append(g);
      series++;
      legend.push(['frame classifier (per frame)', { cls: 'series-frame', colour: '#0b57d0', width: 1.5, marker: 'circle', markerCls: 'marker-frame' }]);
    }
    if (blocks.length) {
      const g = svg('g', { class: 'series', 'data-series': 'temporal' });
      for (const b of blocks) {
        g.append(svg('path', { class: 'series-temporal', d: `M${x(b.startMicros).toFixed(1)} ${y(b.probability).toFixed(1)}H${x(b.endMicros).toFixed(1)}`, 'stroke-dasharray': '12 3' },
          svg('title', {}, `temporal block ${b.clipIndex}: ${b.probability.toFixed(3)}`)));
      }
      root.append(g);
      series++;
      legend.push(['temporal model (per block)', { cls: 'series-temporal', colour: '#8a3ffc', dash: '12 3', width: 4 }]);
    }
    if (timeline.length) {
      const pts = timeline.map(f => [x(f.timestampMicros), y(f.fusedScore)]);
      const g = svg('g', { class: 'series', 'data-series': 'fused' });
      g.append(line(pts, { class: 'series-fused', 'stroke-dasharray': '7 3' }));
      pts.forEach(p => g.append(marker('diamond', p[0], p[1], 'marker-fused')));
      root.append(g);
      series++;
      legend.push(['fused score', { cls: 'series-fused', colour: '#111', dash: '7 3', width: 2.5, marker: 'diamond', markerCls: 'marker-fused' }]);
    }
    if (segments.length) legend.push(['suspicious segment', { hatch: true }]);
    if (!series) root.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'chart-text' }, 'no scores for this track'));

    const list = document.createElement('ul');
    list.className = 'legend';
    for (const [text, style] of legend) {
      const item = document.createElement('li');
      item.append(swatch(style), text);
      list.append(item);
    }
    const figure = document.createElement('figure');
    figure.className = 'chart';
    const caption = document.createElement('figcaption');
    caption.className = 'muted';
    caption.textContent = `Track ${track.trackId}: FAKE probability (0 to 1) over time`;
    figure.append(root, list, caption);
    return { figure, series };
  }

  FW.trackChart = trackChart;
})();
