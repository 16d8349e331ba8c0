// Helpers shared by the map and the document page. Data is only ever put in the page as text
// (never as HTML), so a report cannot inject markup.
"use strict";

const sitrepUI = {
  el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === "") continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  },

  // only web links become links: a javascript: URL in a report must not run
  safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  },

  async fetchJson(url, options) {
    const response = await fetch(url, options);
    if (!response.ok) {
      let message = response.statusText;
      try {
        const body = await response.json();
        message = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
      } catch (_) {
        // not JSON: keep the status text
      }
      throw new Error(`${response.status} ${message}`);
    }
    return response.json();
  },

  // text with [start, end) ranges wrapped in <mark class=...>; overlapping ranges nest by cutting
  // the text at every boundary and giving each piece the classes of the ranges covering it
  marked(text, ranges) {
    const cuts = new Set([0, text.length]);
    for (const r of ranges) {
      if (r.start >= 0 && r.end <= text.length && r.start < r.end) {
        cuts.add(r.start);
        cuts.add(r.end);
      }
    }
    const points = [...cuts].sort((a, b) => a - b);
    const pieces = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [start, end] = [points[i], points[i + 1]];
      const covering = ranges.filter((r) => r.start <= start && end <= r.end);
      const piece = text.slice(start, end);
      if (!covering.length) {
        pieces.push(piece);
        continue;
      }
      pieces.push(sitrepUI.el("mark", {
        class: covering.map((r) => r.className).join(" "),
        title: covering.map((r) => r.title).filter(Boolean).join("; ") || null,
      }, piece));
    }
    return pieces;
  },
};
