// One stored document with its actor, place and time mentions and its events' evidence marked.
"use strict";

(() => {
  const { el, safeUrl, fetchJson, marked } = sitrepUI;
  const $ = (id) => document.getElementById(id);

  function evidenceRanges(events) {
    return events.flatMap((event) => (event.evidence_offsets || "").split(";").filter(Boolean).map((pair) => {
      const [start, end] = pair.split("-").map(Number);
      return { start, end, className: "evidence", title: `${event.event_type}: ${event.sub_event_type} (${event.event_id})` };
    }));
  }

  async function show() {
    const id = new URLSearchParams(location.search).get("id");
    if (!id) throw new Error("no document id given (?id=...)");
    const doc = await fetchJson(`/api/documents/${encodeURIComponent(id)}`);
    document.title = `sitrep: ${doc.title || doc.id}`;
    $("title").textContent = doc.title || doc.id;
    const link = safeUrl(doc.url);
    $("meta").replaceChildren(
      [doc.source, doc.published && `published ${doc.published}`, `id ${doc.id}`].filter(Boolean).join(" · "),
      link ? " · " : "", link ? el("a", { href: link, rel: "noopener noreferrer" }, "original") : "");
    const mentions = doc.mentions.map((m) => ({
      start: m.start, end: m.end, className: `m-${m.kind}`, title: `${m.kind}: ${m.label || m.text}`,
    }));
    $("text").replaceChildren(...marked(doc.text, [...evidenceRanges(doc.events), ...mentions]));
    $("events").replaceChildren(...doc.events.map((e) => el("li", {},
      el("strong", {}, e.event_type), ` · ${e.sub_event_type} · ${e.event_date || "undated"} · `,
      [e.location, e.country].filter(Boolean).join(", "),
      el("span", { class: "muted" }, ` · ${e.actor1}${e.actor2 ? ` vs ${e.actor2}` : ""} · ${e.claim_status}`))));
  }

  show().catch((error) => {
    $("title").textContent = "could not load the document";
    $("meta").textContent = error.message;
  });
})();
