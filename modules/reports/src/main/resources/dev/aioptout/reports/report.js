// Draws the organization tree of an ai-optout HTML report from its JSON island (#report-data).
// Text from the organization is only ever set as text (textContent, title), never parsed as HTML.
// Data: tree nodes {k: "root"|"ou"|"acct", id, n: name, s: verdict code}; OUs add t: [accounts,
// compliant, non-compliant, unverified] and c: children; accounts add st: state, src: how the
// verdict is known (verify), r: index into rows, x: indexes into texts (the notes). rows[i]:
// [[key, effective, intended, differs, origin (index into texts or -1)], ...]. legend: per verdict
// code ("c", "n", "u", and "e" for an OU without accounts), its word and mark.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var CHUNK = 500; // children drawn at a time when an OU opens
  var LIMIT = 1000; // accounts drawn for one filter
  var WORDS = {};
  var MARKS = {};
  Object.keys(data.legend).forEach(function (code) {
    WORDS[code] = data.legend[code][0];
    MARKS[code] = data.legend[code][1];
  });
  var treeBox = document.getElementById('tree');
  var shown = document.getElementById('shown');
  var filterBox = document.getElementById('filter');
  var statusBox = document.getElementById('status');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (text !== undefined && text !== null) {
      e.textContent = text;
    }
    return e;
  }

  function fmt(n) {
    return n.toLocaleString('en-US');
  }

  function plural(n, one, many) {
    return fmt(n) + ' ' + (n === 1 ? one : many);
  }

  function mark(s) {
    var m = el('span', 'mark s-' + s, MARKS[s]);
    m.title = WORDS[s];
    return m;
  }

  function summary(node) {
    var s = el('summary');
    s.appendChild(mark(node.s));
    s.appendChild(el('span', 'name', node.n !== undefined ? node.n : node.id));
    if (node.n !== undefined) {
      s.appendChild(el('span', 'id', node.id));
    }
    return s;
  }

  // An OU or the root. Without a view its children are drawn when it is first opened; with one
  // (a filter), it opens at once with only the children holding a match.
  function container(node, view, open) {
    var d = el('details', 'node ' + node.k);
    d.dataset.id = node.id;
    var s = summary(node);
    var t = node.t;
    var counts = el('span', 'counts');
    counts.appendChild(el('span', 'total', plural(t[0], 'account', 'accounts')));
    [['c', 1], ['n', 2], ['u', 3]].forEach(function (p) {
      if (t[p[1]] > 0) {
        counts.appendChild(el('span', 'count s-' + p[0], MARKS[p[0]] + ' ' + fmt(t[p[1]]) + ' ' + WORDS[p[0]]));
      }
    });
    if (view) {
      counts.appendChild(el('span', 'matched', fmt(view.count.get(node)) + ' matching'));
    }
    s.appendChild(counts);
    d.appendChild(s);
    var body = el('div', 'children');
    d.appendChild(body);
    if (view) {
      d.open = true;
      fill(body, node.c.filter(function (c) { return view.count.get(c) > 0; }), view);
    } else if (open) {
      d.open = true;
      fill(body, node.c, null);
    } else {
      d.addEventListener('toggle', function () {
        if (d.open && !body.hasChildNodes()) {
          fill(body, node.c, null);
        }
      });
    }
    return d;
  }

  // Children in order; without a view, CHUNK at a time behind a "show more" button.
  function fill(body, children, view) {
    var i = 0;
    function more() {
      var end = view ? children.length : Math.min(children.length, i + CHUNK);
      for (; i < end; i++) {
        if (view && view.budget <= 0) {
          return;
        }
        body.appendChild(draw(children[i], view));
      }
      if (i < children.length) {
        var left = children.length - i;
        var b = el('button', 'more', 'Show ' + fmt(Math.min(CHUNK, left)) + ' more (' + fmt(left) + ' not shown)');
        b.type = 'button';
        b.addEventListener('click', function () {
          body.removeChild(b);
          more();
        });
        body.appendChild(b);
      }
    }
    more();
  }

  function draw(node, view) {
    if (node.k !== 'acct') {
      return container(node, view, false);
    }
    if (view) {
      view.budget--;
    }
    return account(node);
  }

  function account(node) {
    var d = el('details', 'node acct');
    d.dataset.id = node.id;
    d.dataset.s = node.s;
    var s = summary(node);
    if (node.st !== 'ACTIVE') {
      s.appendChild(el('span', 'state', node.st));
    }
    d.appendChild(s);
    d.addEventListener('toggle', function () {
      if (d.open && d.childNodes.length === 1) {
        d.appendChild(detail(node));
      }
    });
    return d;
  }

  function fact(list, term, value) {
    list.appendChild(el('dt', null, term));
    list.appendChild(el('dd', null, value));
  }

  function detail(node) {
    var box = el('div', 'detail');
    var facts = el('dl');
    fact(facts, 'Verdict', WORDS[node.s]);
    fact(facts, 'State', node.st);
    if (node.src !== undefined) {
      fact(facts, 'Known from', node.src);
    }
    box.appendChild(facts);
    var rows = data.rows[node.r];
    if (rows.length > 0) {
      var table = el('table', 'values');
      var head = el('tr');
      ['Key', 'Effective', 'Intended', 'Effective value decided by'].forEach(function (h) {
        head.appendChild(el('th', null, h));
      });
      table.appendChild(el('thead')).appendChild(head);
      var tbody = table.appendChild(el('tbody'));
      rows.forEach(function (r) {
        var tr = el('tr', r[3] ? 'differs' : null);
        tr.appendChild(el('td', 'key', r[0]));
        tr.appendChild(el('td', null, r[1]));
        tr.appendChild(el('td', null, r[2]));
        tr.appendChild(el('td', null, r[4] >= 0 ? data.texts[r[4]] : 'no policy'));
        tbody.appendChild(tr);
      });
      box.appendChild(table);
    }
    if (node.x.length > 0) {
      var notes = el('ul', 'notes');
      node.x.forEach(function (i) {
        notes.appendChild(el('li', null, data.texts[i]));
      });
      box.appendChild(notes);
    }
    return box;
  }

  function matches(a, q, st) {
    if (st === 'problems' ? a.s === 'c' : st && a.s !== st) {
      return false;
    }
    if (!q) {
      return true;
    }
    if (a.lc === undefined) {
      a.lc = a.id.toLowerCase() + '\n' + (a.n === undefined ? '' : a.n.toLowerCase());
    }
    return a.lc.indexOf(q) >= 0;
  }

  // Matching accounts below each node, kept in counts; returns the node's own.
  function count(node, q, st, counts) {
    var n = 0;
    if (node.k === 'acct') {
      n = matches(node, q, st) ? 1 : 0;
    } else {
      for (var i = 0; i < node.c.length; i++) {
        n += count(node.c[i], q, st, counts);
      }
    }
    counts.set(node, n);
    return n;
  }

  function apply() {
    var q = filterBox.value.trim().toLowerCase();
    var st = statusBox.value;
    var total = data.tree.t[0];
    treeBox.textContent = '';
    if (!q && !st) {
      shown.textContent = plural(total, 'account', 'accounts') + '. Open an OU to see what it holds, an account for its'
        + ' values and notes.';
      treeBox.appendChild(container(data.tree, null, true));
      return;
    }
    var view = {count: new Map(), budget: LIMIT};
    var n = count(data.tree, q, st, view.count);
    shown.textContent = fmt(n) + ' of ' + plural(total, 'account matches', 'accounts match')
      + (n > LIMIT ? '; the first ' + fmt(LIMIT) + ' are shown, narrow the filter to see the rest' : '') + '.';
    if (n > 0) {
      treeBox.appendChild(container(data.tree, view, true));
    }
  }

  filterBox.addEventListener('input', apply);
  statusBox.addEventListener('change', apply);
  apply();
  document.body.dataset.ready = 'true';
}());
