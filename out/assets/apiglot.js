// apiglot's guide pages: one chosen sample language for every tab group on every page
// (remembered in localStorage, named by ?target= in the URL), keyboard tabs, copy buttons,
// and placeholder notes on hover and focus. No network, no libraries.
(function () {
  'use strict';
  var KEY = 'apiglot.target';

  function remembered() {
    var fromUrl = /[?&]target=([A-Za-z0-9_-]+)/.exec(window.location.search);
    try {
      // A link that names the language chooses it for the next pages too.
      if (fromUrl) window.localStorage.setItem(KEY, fromUrl[1]);
      return window.localStorage.getItem(KEY);
    } catch (e) { return fromUrl && fromUrl[1]; }
  }

  function remember(target) {
    try { window.localStorage.setItem(KEY, target); } catch (e) { /* storage off: this page only */ }
    try {
      var url = new URL(window.location.href);
      url.searchParams.set('target', target);
      window.history.replaceState(null, '', url.href);
    } catch (e) { /* some file:// setups refuse: the choice is still remembered */ }
  }

  function tabsOf(group) {
    return Array.prototype.slice.call(group.querySelectorAll('[role="tab"]'));
  }

  // Selects `target` in every tab group that has it; returns whether any had it.
  function select(target) {
    var any = false;
    document.querySelectorAll('[data-samples]').forEach(function (group) {
      var tabs = tabsOf(group);
      if (!tabs.some(function (t) { return t.dataset.target === target; })) return;
      any = true;
      tabs.forEach(function (tab) {
        var on = tab.dataset.target === target;
        tab.setAttribute('aria-selected', on ? 'true' : 'false');
        tab.tabIndex = on ? 0 : -1;
        var panel = document.getElementById(tab.getAttribute('aria-controls'));
        if (panel) panel.hidden = !on;
      });
    });
    return any;
  }

  function choose(tab) {
    var target = tab.dataset.target;
    var top = tab.getBoundingClientRect().top;
    select(target);
    remember(target);
    // Keep the clicked tab where it was when groups above it change height.
    window.scrollBy(0, tab.getBoundingClientRect().top - top);
  }

  document.addEventListener('click', function (event) {
    var tab = event.target.closest('[role="tab"]');
    if (tab) { choose(tab); return; }
    var button = event.target.closest('button.copy');
    if (button) copy(button);
  });

  document.addEventListener('keydown', function (event) {
    var tab = event.target.closest && event.target.closest('[role="tab"]');
    if (!tab) {
      if (event.key === 'Escape') hideNote();
      return;
    }
    var tabs = tabsOf(tab.closest('[data-samples]'));
    var i = tabs.indexOf(tab);
    var next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    var to = tabs[(next + tabs.length) % tabs.length];
    choose(to);
    to.focus();
  });

  function copy(button) {
    var code = button.parentElement.querySelector('pre code');
    var text = code ? code.textContent : '';
    var label = button.textContent;
    function done() {
      button.textContent = button.dataset.copied || label;
      button.classList.add('done');
      setTimeout(function () { button.textContent = label; button.classList.remove('done'); }, 2000);
    }
    function fallback() {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      try { if (document.execCommand('copy')) done(); } finally { document.body.removeChild(area); }
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  // Placeholder notes: the description the placeholder's aria-describedby names, shown
  // beside it while it is hovered or focused.
  var tip = document.querySelector('.ph-tip');
  function showNote(ph) {
    var note = document.getElementById(ph.getAttribute('aria-describedby') || '');
    if (!tip || !note) return;
    tip.textContent = note.textContent;
    tip.hidden = false;
    var box = ph.getBoundingClientRect();
    var left = Math.min(box.left, document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(8, left) + window.scrollX + 'px';
    tip.style.top = box.bottom + window.scrollY + 6 + 'px';
  }
  function hideNote() { if (tip) tip.hidden = true; }
  function phOf(event) { return event.target.closest && event.target.closest('.ph'); }
  document.addEventListener('mouseover', function (e) { var ph = phOf(e); if (ph) showNote(ph); });
  document.addEventListener('mouseout', function (e) { if (phOf(e)) hideNote(); });
  document.addEventListener('focusin', function (e) { var ph = phOf(e); if (ph) showNote(ph); else hideNote(); });
  document.addEventListener('focusout', function (e) { if (phOf(e)) hideNote(); });

  // The sidebar: this locale's guides by group, from nav.js (window.apiglotNav), built with
  // text nodes only, so no title can become markup.
  var nav = window.apiglotNav;
  var sidebar = document.querySelector('[data-sidebar]');
  if (nav && sidebar) {
    var current = sidebar.getAttribute('data-current');
    nav.groups.forEach(function (group) {
      var section = document.createElement('details');
      var summary = document.createElement('summary');
      summary.textContent = group.name;
      section.appendChild(summary);
      var list = document.createElement('ul');
      group.guides.forEach(function (guide) {
        var item = document.createElement('li');
        var link = document.createElement('a');
        link.href = guide.href;
        link.textContent = guide.title;
        if (guide.href === current) {
          link.setAttribute('aria-current', 'page');
          section.open = true;
        }
        item.appendChild(link);
        list.appendChild(item);
      });
      section.appendChild(list);
      if (nav.groups.length === 1) section.open = true;
      sidebar.appendChild(section);
    });
  }

  // The search: every word typed must appear in a guide's title, group, or an endpoint's
  // method and path (case and width folded); titles that start with the first word first.
  var search = document.querySelector('[data-search]');
  var results = document.getElementById('apiglot-results');
  function fold(text) { return (text.normalize ? text.normalize('NFKC') : text).toLowerCase(); }
  function find(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    var found = [];
    if (!nav || !words.length) return found;
    nav.groups.forEach(function (group) {
      group.guides.forEach(function (guide) {
        var text = fold([guide.title, group.name].concat(guide.operations).join(' '));
        if (words.every(function (w) { return text.indexOf(w) !== -1; })) {
          found.push({ guide: guide, first: fold(guide.title).indexOf(words[0]) === 0 });
        }
      });
    });
    found.sort(function (a, b) { return (b.first ? 1 : 0) - (a.first ? 1 : 0); });
    return found.slice(0, 20).map(function (f) { return f.guide; });
  }
  function show(query) {
    if (!results) return;
    results.textContent = '';
    if (!query.trim()) { results.hidden = true; return; }
    var found = find(query);
    found.forEach(function (guide) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = guide.href;
      link.textContent = guide.title;
      item.appendChild(link);
      if (guide.operations.length) {
        var operation = document.createElement('span');
        operation.className = 'operation';
        operation.textContent = guide.operations[0];
        item.appendChild(operation);
      }
      results.appendChild(item);
    });
    if (!found.length) {
      var none = document.createElement('li');
      none.textContent = search.getAttribute('data-no-results');
      results.appendChild(none);
    }
    results.hidden = false;
  }
  if (search) {
    search.addEventListener('input', function () { show(search.value); });
    search.addEventListener('keydown', function (event) {
      var first = results && results.querySelector('a');
      if (event.key === 'Enter' && first) { event.preventDefault(); window.location.href = first.href; }
      if (event.key === 'ArrowDown' && first) { event.preventDefault(); first.focus(); }
    });
  }

  var initial = remembered();
  if (initial) select(initial);
})();
