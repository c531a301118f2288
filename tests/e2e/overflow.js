// Elements with text wider than their box, on screen or not: text that runs out of its own
// box, or is clipped (or ellipsed) by a box that hides what overflows.
// Skipped: boxes that scroll sideways by design (data grids, code) and what they hold, SVG
// (charts size their own text), 1-pixel boxes (text for screen readers only), and what is not
// shown (a slider's end labels appear only on hover).
() => {
  const scrolls = (e) => ["auto", "scroll"].includes(getComputedStyle(e).overflowX)
    && !e.classList.contains("katex-display");
  const ownText = (e) => [...e.childNodes].some(
    (n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const shown = (e) => {
    for (let a = e; a; a = a.parentElement) if (getComputedStyle(a).opacity === "0") return false;
    return getComputedStyle(e).visibility !== "hidden";
  };
  const found = [];
  for (const e of document.querySelectorAll('[data-testid="stApp"] *')) {
    // A formula scrolls sideways only as a fallback: one that does is cut off for the room.
    const formula = e.classList.contains("katex-display");
    const clips = formula || ["hidden", "clip"].includes(getComputedStyle(e).overflowX);
    if (e instanceof SVGElement || e.clientWidth < 2) continue;
    if (!ownText(e) && !(clips && e.innerText.trim())) continue;
    if (e.scrollWidth <= e.clientWidth + 1 || !shown(e)) continue;
    if (e.closest('[data-testid="stDataFrame"], [data-testid="stCode"]')) continue;
    let a = e, scroller = false;
    for (; a && !scroller; a = a.parentElement) scroller = scrolls(a) && a !== e.ownerDocument.scrollingElement && a.dataset.testid !== "stMain" && a.dataset.testid !== "stSidebarContent" && a.dataset.testid !== "stAppViewContainer";
    if (scroller) continue;
    found.push(`${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 40)}" ${e.scrollWidth}>${e.clientWidth}`);
  }
  return found;
}
