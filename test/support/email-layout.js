// What test/integration/email-in-chromium.test.ts asserts, measured in the page: one expression, passed
// to page.evaluate as a string.
(() => {
  const cards = [...document.querySelectorAll('.card')].map((card) => {
    const box = card.getBoundingClientRect();
    return {
      left: box.left,
      right: box.right,
      top: Math.round(box.top),
      width: box.width,
      height: box.height,
    };
  });
  // A Latin word or number laid out on more than one line was broken in the middle.
  const brokenWords = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement?.closest('.preheader')) continue;
    for (const word of (node.textContent ?? '').matchAll(/[\p{Script=Latin}\p{N}]+/gu)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.bottom)));
      if (lines.size > 1) brokenWords.push(word[0]);
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    cards,
    brokenWords,
  };
})();
