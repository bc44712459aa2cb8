// Filing form: ticking an instrument opens its group of articles. Without this script
// the groups still open with a click or the keyboard (<details>).
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.name !== "instruments" || !box.checked) {
    return;
  }
  const group = document.querySelector(`.article-group[data-instrument="${box.value}"]`);
  if (group) {
    group.open = true;
  }
});
