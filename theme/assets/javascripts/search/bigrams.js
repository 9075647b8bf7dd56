/*
 * The browser's twin of generator/publish/pagefind_bigrams.py (issue 33, item 4): a query's
 * runs of Han characters as overlapping bigrams, each one ASCII word ("zh" + the two code
 * points in hex spelt a-p), as the index holds them beside the page's text. Both Pagefind's
 * build-time dictionary and the browser's Intl.Segmenter leave such a word whole, so index
 * and query cut alike (upstream Pagefind issue 1237). A page's Han text is indexed only as
 * such words (issue 45), in the build's bigram index beside Pagefind's (han.js), so a lone
 * Han character is the first half of its bigram words ("zh" + its code point spelt so),
 * matched as a prefix: every page with a bigram starting with the character, and those
 * holding its lone word (that half + "z": the character starts no bigram there). Anything
 * not Han stays as typed, for Pagefind.
 */
const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

function letters(ch) {
  const hex = ch.codePointAt(0).toString(16).padStart(4, "0").slice(-4);
  return hex.replace(/[0-9a-f]/g, (d) => "abcdefghijklmnop".charAt(parseInt(d, 16)));
}

/** The ASCII word for two Han characters. */
export function token(pair) {
  return "zh" + letters(pair.charAt(0)) + letters(pair.charAt(1));
}

/** The query Pagefind is given: each Han run of two or more as its bigram words, a lone
 *  character as the first half of its bigram words. */
export function bigramQuery(query) {
  return String(query || "").replace(HAN_RUN, (run) => {
    if (run.length < 2) {
      return " zh" + letters(run) + " ";
    }
    const words = [];
    for (let i = 0; i + 1 < run.length; i += 1) {
      words.push(token(run.slice(i, i + 2)));
    }
    return " " + words.join(" ") + " ";
  }).replace(/\s+/g, " ").trim();
}
