// Minimal search page: every text from the index is inserted as text, never as HTML.
"use strict";
const box = document.getElementById("q");
const results = document.getElementById("results");
async function run(q) {
  const response = await fetch("/api/search?q=" + encodeURIComponent(q));
  const data = await response.json();
  results.replaceChildren(...(data.hits || []).map((hit) => {
    const item = document.createElement("article");
    const title = document.createElement("h2");
    title.textContent = hit.title || hit.id;
    const snippet = document.createElement("p");
    snippet.textContent = hit.snippet.text;
    item.append(title, snippet);
    return item;
  }));
}
const initial = new URLSearchParams(location.search).get("q");
if (initial) { box.value = initial; run(initial); }
