/* Copy buttons: a button with data-sd-copy="ID" copies, as written, the text of the code
 * block inside the element #ID (the contributor's guide, its profile template). Without JavaScript or without
 * the clipboard, the button stays hidden and the text can be selected as usual. The
 * result is said in the status next to the button (data-sd-done, data-sd-failed).
 */
(() => {
  "use strict";

  const selectText = (source) => {
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  };

  for (const button of document.querySelectorAll("[data-sd-copy]")) {
    const box = document.getElementById(button.dataset.sdCopy);
    const source = box && (box.querySelector("pre code") || box.querySelector("pre") || box);
    if (!source || !navigator.clipboard) continue;
    const status = button.parentElement.querySelector(".sd-copy__status");
    const say = (text) => {
      if (status) status.textContent = text || "";
    };
    button.hidden = false;
    button.addEventListener("click", () => {
      say("");
      navigator.clipboard.writeText(source.textContent).then(
        () => say(button.dataset.sdDone),
        () => {
          selectText(source);
          say(button.dataset.sdFailed);
        },
      );
    });
  }
})();
