//! The header of a space-aligned region: words grouped into column paths.

use std::borrow::Cow;

use super::tokens::{Tok, is_level_word};
use crate::lexicon::GROUP_TOTAL_WORDS;

/// A column: its header path top-to-bottom (e.g. `["功能分类科目编码","类"]` or
/// `["支出预算","基本支出"]`) and char-column extent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeaderColumn {
    /// Header words from the top header line down to the column's own word.
    pub path: Vec<String>,
    /// First character column of the column's own header word (1-based).
    pub start: usize,
    /// Last character column of the column's own header word (1-based, inclusive).
    pub end: usize,
    /// What the column holds, as far as the header and the body tell.
    pub kind: ColumnKind,
    /// The header words of `path`, top to bottom: which word each is (a word over several
    /// columns is in each of their paths) and where it stands.
    pub words: Vec<HeaderWord>,
}

/// A header word of a column's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HeaderWord {
    /// The word's id in its header.
    pub node: usize,
    /// Its line in the document (its top line, for a word stacked over several lines).
    pub line: usize,
    /// Its first character column (1-based).
    pub column: usize,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColumnKind {
    /// One level of a split code (类/款/项, 款/項/目/節) or a whole code (`功能科目代码`).
    Code,
    /// A label: item or subject name (`科目名称`, `项目`, `名稱及編號`, `指标`).
    Label,
    /// Amounts (right-aligned numbers).
    Amount,
}

/// At most this many header words are arranged into paths; more are ignored as noise.
const MAX_HEADER_TOKENS: usize = 300;

#[derive(Debug, Clone)]
pub(super) struct Node<'a> {
    /// The word (borrowed from the region unless stacked from several lines).
    pub(super) text: Cow<'a, str>,
    pub(super) s: usize,
    pub(super) e: usize,
    /// Index (into the header-line list) of the node's topmost token.
    pub(super) top: usize,
    /// Leaf column ids under this node.
    pub(super) cols: Vec<usize>,
}

impl Node<'_> {
    fn center2(&self) -> i64 {
        (self.s + self.e) as i64
    }
}

#[derive(Debug, Clone)]
pub(super) struct Leaf {
    /// Node ids from the leaf upward.
    pub(super) path: Vec<usize>,
    pub(super) s: usize,
    pub(super) e: usize,
    pub(super) kind: ColumnKind,
    /// Header line (index) of the bottom of the leaf's own cell.
    pub(super) bottom: usize,
    /// Turned into a parent after the fact: not a column.
    pub(super) dead: bool,
    /// The first piece of a word stacked from several lines, if it was.
    pub(super) head: Option<Head>,
}

/// The first piece of a stacked header word (`支出` of `支出` / `一般公共预算` / `财` /
/// `政拨款`) and where the rest of the word lies.
#[derive(Debug, Clone, Copy)]
pub(super) struct Head {
    /// Byte length of the piece in the stacked word's text.
    len: usize,
    /// Char columns of the piece.
    s: usize,
    e: usize,
    /// Width (chars) of the piece under it.
    next_w: usize,
    /// Header line (index) and char columns of the rest.
    rest_top: usize,
    rest_s: usize,
    rest_e: usize,
}

impl Leaf {
    pub(super) fn center2(&self) -> i64 {
        (self.s + self.e) as i64
    }
}

pub(super) fn leaf_kind(text: &str) -> ColumnKind {
    if is_level_word(text) {
        return ColumnKind::Code;
    }
    // One pass over adjacent characters: every word looked for is two characters
    // (`单位名称` / `單位名稱` contain `名称` / `名稱`).
    let (mut label, mut code_word, mut code_exclusion) = (false, false, false);
    let mut prev = '\0';
    for c in text.chars() {
        match (prev, c) {
            ('名', '称' | '稱')
            | ('科', '目')
            | ('指', '标' | '標')
            | ('说', '明')
            | ('說', '明')
            | ('备', '注')
            | ('備', '註')
            | ('用', '途')
            | ('摘', '要') => label = true,
            ('编' | '代', '码') => {
                code_exclusion = true;
                code_word = true;
            }
            ('编', '号') | ('編', '號') | ('代', '號') | ('序', '号' | '號') => {
                code_word = true
            }
            _ => {}
        }
        prev = c;
    }
    if label && !code_exclusion {
        return ColumnKind::Label;
    }
    if code_word {
        return ColumnKind::Code;
    }
    if matches!(text, "项目" | "項目") {
        return ColumnKind::Label;
    }
    ColumnKind::Amount
}

pub(super) struct HeaderLine<'a> {
    /// Index of the line in the region (to tell whether blank lines lie between).
    pub(super) pos: usize,
    pub(super) toks: &'a [Tok<'a>],
}

pub(super) struct Header<'a> {
    pub(super) nodes: Vec<Node<'a>>,
    pub(super) leaves: Vec<Leaf>,
}

/// Buffers [`place_header_token`] reuses from one word to the next.
#[derive(Default)]
struct HeaderScratch {
    order: Vec<usize>,
    overlapped: Vec<usize>,
    pos_of: Vec<usize>,
    top_span: Vec<(usize, usize)>,
    ineligible_before: Vec<usize>,
}

impl Header<'_> {
    /// Leaf ids sorted left to right.
    pub(super) fn order(&self) -> Vec<usize> {
        let mut ids = Vec::with_capacity(self.leaves.len());
        self.order_into(&mut ids);
        ids
    }

    /// [`Header::order`] into `ids`.
    fn order_into(&self, ids: &mut Vec<usize>) {
        ids.clear();
        ids.extend((0..self.leaves.len()).filter(|&i| self.leaves.get(i).is_some_and(|l| !l.dead)));
        ids.sort_by_key(|&i| self.leaves.get(i).map_or(0, Leaf::center2));
    }

    fn top_node(&self, leaf: usize) -> Option<usize> {
        self.leaves.get(leaf).and_then(|l| l.path.last().copied())
    }
}

/// True when the region lines between header lines `a` and `b` (exclusive) are all
/// non-blank header lines, i.e. the two words can be parts of one wrapped cell.
fn adjacent(
    lines: &[HeaderLine<'_>],
    a: usize,
    b: usize,
    blank_between: &dyn Fn(usize, usize) -> bool,
) -> bool {
    match (lines.get(a), lines.get(b)) {
        (Some(x), Some(y)) => !blank_between(x.pos.min(y.pos), x.pos.max(y.pos)),
        _ => false,
    }
}

pub(super) fn build_header<'a>(
    lines: &[HeaderLine<'a>],
    blank_between: &dyn Fn(usize, usize) -> bool,
) -> Header<'a> {
    let mut h = Header {
        nodes: Vec::new(),
        leaves: Vec::new(),
    };
    let cells = stack_cells(lines, blank_between);
    // Every cell becomes a node, and most a leaf: room for them at once.
    h.nodes.reserve(cells.len());
    h.leaves.reserve(cells.len());
    // Parent nodes created per header line, for gap filling.
    let mut parents_by_line: Vec<Vec<usize>> = vec![Vec::new(); lines.len()];
    let mut scratch = HeaderScratch::default();
    // Where each cell's word lies: a word does not take the columns under another word
    // of its own line.
    let spans: Vec<(usize, usize, usize)> =
        cells.iter().map(|c| (c.top, c.tok.s, c.tok.e)).collect();
    for cell in &cells {
        place_header_token(&mut h, cell, &spans, &mut parents_by_line, &mut scratch);
    }
    split_side_heads(&mut h, &mut parents_by_line);
    for _ in 0..4 {
        if !revive_floating_parents(&mut h, &mut parents_by_line) {
            break;
        }
    }
    fill_parent_gaps(&mut h, &parents_by_line);
    h
}

/// A column word stacked from a piece on the header's first line, where another word is
/// the parent of the columns on one side (`收入` over `项目  决算数`), and pieces further
/// down (`支出` / `一般公共预算` / `财` / `政拨款`; `支出` / `合计`; `支出预算` /
/// `基本支出`): the first piece is the other side's word, the parent of the columns
/// between that line's parents, the rest is the column's own word. Only when the
/// piece stands above the words of both neighbouring columns, lies over the range, and
/// is no wider than the piece under it or centred on the range.
fn split_side_heads(h: &mut Header<'_>, parents_by_line: &mut [Vec<usize>]) {
    if !h.leaves.iter().any(|l| l.head.is_some()) {
        return;
    }
    let Some(first_parents) = parents_by_line.first().filter(|p| !p.is_empty()).cloned() else {
        return;
    };
    let order = h.order();
    // Whether the column at `p` has its own word on the first line.
    let on_first_line = |h: &Header<'_>, p: usize| {
        order
            .get(p)
            .and_then(|&c| h.leaves.get(c))
            .and_then(|l| l.path.first())
            .and_then(|&n| h.nodes.get(n))
            .is_some_and(|n| n.top == 0)
    };
    for (pos, &leaf) in order.iter().enumerate() {
        let Some(l) = h.leaves.get(leaf) else {
            continue;
        };
        let (Some(head), Some(&nid)) = (l.head, l.path.first()) else {
            continue;
        };
        if l.path.len() != 1 || h.nodes.get(nid).is_none_or(|n| n.top != 0) {
            continue;
        }
        // Both neighbours' own words start below the piece.
        if (pos > 0 && on_first_line(h, pos - 1)) || on_first_line(h, pos + 1) {
            continue;
        }
        // The columns between the nearest columns under a first-line parent.
        let covered = |p: usize| {
            order
                .get(p)
                .and_then(|&c| h.leaves.get(c))
                .is_some_and(|x| x.path.iter().any(|n| first_parents.contains(n)))
        };
        let mut a = pos;
        while a > 0 && !covered(a - 1) {
            a -= 1;
        }
        let mut b = pos;
        while b + 1 < order.len() && !covered(b + 1) {
            b += 1;
        }
        let extent = |p: usize| {
            order
                .get(p)
                .and_then(|&c| h.leaves.get(c))
                .map(|x| (x.s, x.e))
        };
        let (Some((s, _)), Some((_, e))) = (extent(a), extent(b)) else {
            continue;
        };
        let centre2 = head.s + head.e;
        if b == a || centre2 < 2 * s || centre2 > 2 * e {
            continue;
        }
        // A cell wrapped in its column fills its first line: a first piece wider than
        // the next (`附属单` / `位上` / `缴收入`) is one, unless it is centred on the
        // range (`一般公共预算支出` / `基本支出` over `合计  基本支出  项目支出`).
        let centred = centre2.abs_diff(s + e) <= 8;
        if head.e - head.s > head.next_w && !centred {
            continue;
        }
        // Every column of the range is free below the first line.
        let cols: Vec<usize> = order.get(a..=b).map(<[usize]>::to_vec).unwrap_or_default();
        let free = cols.iter().all(|&c| {
            h.leaves.get(c).is_some_and(|x| {
                x.path
                    .iter()
                    .all(|&n| h.nodes.get(n).is_some_and(|n| n.top > 0) || n == nid)
            })
        });
        if !free {
            continue;
        }
        let Some(word) = h.nodes.get_mut(nid) else {
            continue;
        };
        let (piece, rest) = match word.text.split_at_checked(head.len) {
            Some((p, r)) if !r.is_empty() => (p.to_string(), r.to_string()),
            _ => continue,
        };
        word.text = Cow::Owned(rest);
        word.s = head.rest_s;
        word.e = head.rest_e;
        word.top = head.rest_top;
        if let Some(x) = h.leaves.get_mut(leaf) {
            x.s = head.rest_s;
            x.e = head.rest_e;
            x.head = None;
        }
        let parent = h.nodes.len();
        h.nodes.push(Node {
            text: Cow::Owned(piece),
            s: head.s,
            e: head.e,
            top: 0,
            cols: cols.clone(),
        });
        for c in cols {
            if let Some(x) = h.leaves.get_mut(c) {
                x.path.push(parent);
            }
        }
        if let Some(v) = parents_by_line.first_mut() {
            v.push(parent);
        }
        return; // one per header: positions may have changed
    }
}

/// A word that became a column although it floats above the columns on both sides of
/// it, on a line where other words are parents (`本年收入  本年支出` over a summary
/// table whose right side is `项目  合计  基本支出 …`), is the parent of the columns
/// between its neighbours on that line.
fn revive_floating_parents(h: &mut Header<'_>, parents_by_line: &mut [Vec<usize>]) -> bool {
    let order = h.order();
    for (pos, &leaf) in order.iter().enumerate() {
        let Some(l) = h.leaves.get(leaf) else {
            continue;
        };
        if l.path.len() != 1 || pos == 0 {
            continue;
        }
        let Some(&nid) = l.path.first() else { continue };
        let Some(line) = h.nodes.get(nid).map(|n| n.top) else {
            continue;
        };
        let Some(parents) = parents_by_line.get(line) else {
            continue;
        };
        if parents.is_empty() {
            continue;
        }
        // The neighbours' own words start below this word's last line.
        let top_of = |p: usize| {
            order
                .get(p)
                .and_then(|&c| h.leaves.get(c))
                .and_then(|x| x.path.first())
                .and_then(|&n| h.nodes.get(n))
                .map(|n| n.top)
        };
        let lower = |p: usize| top_of(p).is_some_and(|t| t > l.bottom);
        if !(lower(pos - 1) && (pos + 1 >= order.len() || lower(pos + 1))) {
            continue;
        }
        // Columns between the nearest parents of this line on either side.
        let covered = |p: usize| {
            order
                .get(p)
                .and_then(|&c| h.leaves.get(c))
                .is_some_and(|x| x.path.iter().any(|n| parents.contains(n)))
        };
        let mut a = pos;
        while a > 0 && !covered(a - 1) {
            a -= 1;
        }
        let mut b = pos;
        while b + 1 < order.len() && !covered(b + 1) {
            b += 1;
        }
        let cols: Vec<usize> = (a..=b)
            .filter(|&p| p != pos)
            .filter_map(|p| order.get(p).copied())
            .collect();
        if cols.is_empty() {
            continue;
        }
        if let Some(x) = h.leaves.get_mut(leaf) {
            x.dead = true;
        }
        if let Some(n) = h.nodes.get_mut(nid) {
            n.cols = cols.clone();
        }
        for c in cols {
            if let Some(x) = h.leaves.get_mut(c) {
                // Insert below words from higher lines.
                let at = x
                    .path
                    .iter()
                    .position(|&m| h.nodes.get(m).is_some_and(|m| m.top < line))
                    .unwrap_or(x.path.len());
                x.path.insert(at, nid);
            }
        }
        if let Some(v) = parents_by_line.get_mut(line) {
            v.push(nid);
        }
        return true; // one at a time keeps positions valid
    }
    false
}

/// A header cell: words stacked in one cell (a wrapped header), with the header lines
/// (indices) of its top and bottom word.
struct HeaderCell<'a> {
    tok: Tok<'a>,
    top: usize,
    bottom: usize,
    /// The word is one of several code-level words on its line (`类 款 项`).
    level: bool,
    /// The first piece, when the word is stacked from several lines.
    head: Option<Head>,
}

/// First pass: joins words printed under each other in one cell (`本年收入合` over `计`,
/// `事业单位` over `经营收入`). A word is not joined to the word under it when that
/// word has unclaimed neighbours on both sides at about the same distance: it is then
/// their parent (`公务用车购置及运行费` over `小计  购置费  运行费`). Returns cells
/// ordered bottom line first.
fn stack_cells<'a>(
    lines: &[HeaderLine<'a>],
    blank_between: &dyn Fn(usize, usize) -> bool,
) -> Vec<HeaderCell<'a>> {
    // All tokens (line index, token index), capped.
    let mut all: Vec<(usize, usize)> = Vec::new();
    for (li, l) in lines.iter().enumerate() {
        for ti in 0..l.toks.len() {
            if all.len() < MAX_HEADER_TOKENS {
                all.push((li, ti));
            }
        }
    }
    let tok = |(li, ti): (usize, usize)| lines.get(li).and_then(|l| l.toks.get(ti));
    // Single characters stacked vertically (`小` over `计`) drift more than words.
    let close = |u: &Tok<'_>, l: &Tok<'_>| {
        let single = u.e - u.s == 1 && l.e - l.s == 1;
        if single {
            (u.center2() - l.center2()).abs() <= 8
        } else {
            l.s < u.e + 1 && u.s < l.e + 1 && (u.center2() - l.center2()).abs() <= 5
        }
    };
    // The token just under `u` (same cell candidates): on the nearest lower adjacent line.
    let below = |li: usize, u: &Tok<'_>| -> Option<(usize, usize)> {
        for lj in li + 1..lines.len() {
            if !adjacent(lines, li, lj, blank_between) {
                return None;
            }
            let l = lines.get(lj)?;
            if let Some(tj) = l.toks.iter().position(|x| close(u, x)) {
                return Some((lj, tj));
            }
            if l.toks.iter().any(|x| x.s < u.e + 1 && u.s < x.e + 1) {
                return None; // something else overlaps first
            }
        }
        None
    };
    // Tokens claimed by a token above them.
    let mut claimed: Vec<(usize, usize)> = Vec::new();
    for &(li, ti) in &all {
        if let Some(u) = tok((li, ti)) {
            if let Some(x) = below(li, u) {
                claimed.push(x);
            }
        }
    }
    let is_parent_of = |_li: usize, u: &Tok<'_>, (lj, tj): (usize, usize)| -> bool {
        let Some(line) = lines.get(lj) else {
            return false;
        };
        let Some(l) = line.toks.get(tj) else {
            return false;
        };
        let unclaimed = |k: usize| !claimed.iter().any(|&(a, b)| a == lj && b == k);
        let reach = 2 * (u.e - u.s) as i64 + 16;
        let left = (0..tj)
            .rev()
            .find(|&k| unclaimed(k))
            .and_then(|k| line.toks.get(k))
            .map(|x| l.center2() - x.center2());
        let right = (tj + 1..line.toks.len())
            .find(|&k| unclaimed(k))
            .and_then(|k| line.toks.get(k))
            .map(|x| x.center2() - l.center2());
        // Neighbours at about the same distance (`8.max((a + b) / 4)`: `年初结转和` over
        // `结余` between `科目名称` and `小计`, 10 and 20 columns away, is one word).
        matches!((left, right), (Some(a), Some(b)) if a <= reach && b <= reach && (a - b).abs() <= 8.max((a + b) / 4))
    };
    let mut used: Vec<(usize, usize)> = Vec::new();
    let mut cells: Vec<HeaderCell<'a>> = Vec::new();
    for &(li, ti) in &all {
        if used.contains(&(li, ti)) {
            continue;
        }
        let Some(first) = tok((li, ti)) else { continue };
        let mut cell = first.clone();
        let mut bottom = li;
        let mut cur = (li, ti);
        let mut head: Option<Head> = None;
        while let Some(u) = tok(cur) {
            let Some(next) = below(cur.0, u) else { break };
            if used.contains(&next) || is_parent_of(cur.0, u, next) {
                break;
            }
            let Some(l) = tok(next) else { break };
            // `项目` over `支出功能分类` (then `科目编码`, `类 款 项`) is the parent of the
            // code and name columns, not the start of a wrapped word; a “三公” group word
            // over one of its items (`公务用车购置及运行费` over `公务用车购置费`, whose
            // siblings `小计  公务用车运行费` are printed a line higher) is its parent.
            if matches!(u.text.as_ref(), "项目" | "項目") && l.e - l.s >= 4 {
                break;
            }
            if group_items(&u.text).is_some_and(|m| m.iter().any(|w| l.text.contains(w))) {
                break;
            }
            let h = head.get_or_insert(Head {
                len: first.text.len(),
                s: first.s,
                e: first.e,
                next_w: l.e - l.s,
                rest_top: next.0,
                rest_s: l.s,
                rest_e: l.e,
            });
            h.rest_s = h.rest_s.min(l.s);
            h.rest_e = h.rest_e.max(l.e);
            let mut text = cell.text.to_string();
            text.push_str(&l.text);
            cell.text = Cow::Owned(text);
            cell.s = cell.s.min(l.s);
            cell.e = cell.e.max(l.e);
            used.push(next);
            bottom = next.0;
            cur = next;
        }
        used.push((li, ti));
        let level = is_level_word(&cell.text)
            && lines
                .get(li)
                .is_some_and(|l| l.toks.iter().filter(|x| is_level_word(&x.text)).count() >= 2);
        cells.push(HeaderCell {
            tok: cell,
            top: li,
            bottom,
            level,
            head,
        });
    }
    cells.sort_by(|a, b| b.bottom.cmp(&a.bottom).then(a.tok.s.cmp(&b.tok.s)));
    cells
}

/// What a header word does: become the parent of these columns, or a column of its own.
enum Action {
    Parent(Vec<usize>),
    NewLeaf,
}

/// A header word being placed: the header so far with its columns in order, the word, its
/// top and bottom header lines and its centre (×2).
struct Placing<'p, 'a> {
    h: &'p Header<'a>,
    order: &'p [usize],
    t: &'p Tok<'a>,
    li: usize,
    bottom: usize,
    tc: i64,
}

impl Placing<'_, '_> {
    /// Only columns whose top word lies below this word can be covered by it.
    fn eligible(&self, pos: usize) -> bool {
        self.order
            .get(pos)
            .and_then(|&leaf| self.h.top_node(leaf))
            .and_then(|n| self.h.nodes.get(n))
            .is_some_and(|n| n.top > self.bottom)
    }

    /// Does `s..e` overlap the word (slack 1)?
    fn overlaps(&self, s: usize, e: usize) -> bool {
        s < self.t.e + 1 && self.t.s < e + 1
    }

    /// The column at position `pos`.
    fn leaf(&self, pos: usize) -> Option<&Leaf> {
        self.order.get(pos).and_then(|&i| self.h.leaves.get(i))
    }

    /// Positions of the eligible columns whose leaf word or top-node word overlaps the word.
    fn overlapped(&self, out: &mut Vec<usize>) {
        out.clear();
        for (pos, &leaf) in self.order.iter().enumerate() {
            let Some(l) = self.h.leaves.get(leaf) else {
                continue;
            };
            let top = self.h.top_node(leaf).and_then(|n| self.h.nodes.get(n));
            if self.eligible(pos)
                && (self.overlaps(l.s, l.e) || top.is_some_and(|n| self.overlaps(n.s, n.e)))
            {
                out.push(pos);
            }
        }
    }

    /// The best single top node: centred within 2.5 columns of the word and overlapping it;
    /// with its distance.
    fn single(&self, overlapped: &[usize]) -> Option<(usize, i64)> {
        let mut single: Option<(usize, i64)> = None;
        for &pos in overlapped {
            let Some(&leaf) = self.order.get(pos) else {
                continue;
            };
            let Some(nid) = self.h.top_node(leaf) else {
                continue;
            };
            let Some(n) = self.h.nodes.get(nid) else {
                continue;
            };
            let d = (n.center2() - self.tc).abs();
            if d <= 5 && single.is_none_or(|(_, bd)| d < bd) {
                single = Some((nid, d));
            }
        }
        single
    }

    /// The seed for ranges: the overlapped columns, or else the two eligible columns the
    /// word sits between (a word centred over a gap, like `收入` over `项目  决算数`); with
    /// the tolerance of a range's centre.
    fn seed(&self, overlapped: &[usize]) -> (Option<(usize, usize)>, i64) {
        let mut tolerance = 8i64;
        if let (Some(&f), Some(&l)) = (overlapped.first(), overlapped.last()) {
            return (Some((f, l)), tolerance);
        }
        let tc = self.tc;
        let c = |p: usize| self.leaf(p).map_or(0, Leaf::center2);
        let mut found = None;
        for pos in 0..self.order.len().saturating_sub(1) {
            if self.eligible(pos)
                && self.eligible(pos + 1)
                && c(pos) < tc
                && tc < c(pos + 1)
                && tc - c(pos) <= 24
                && c(pos + 1) - tc <= 24
            {
                let span = self
                    .leaf(pos + 1)
                    .map_or(0, |l| l.e)
                    .saturating_sub(self.leaf(pos).map_or(0, |l| l.s));
                tolerance = tolerance.max(2 * span as i64 / 3);
                found = Some((pos, pos + 1));
            }
        }
        (found, tolerance)
    }

    /// The best range of two or more columns containing the seed, centred on the word, that
    /// keeps existing nodes and code-level groups whole and reaches under no other word of
    /// the word's line; with its distance.
    fn best_range(
        &self,
        (first, last): (usize, usize),
        tolerance: i64,
        spans: &[(usize, usize, usize)],
        pos_of: &mut Vec<usize>,
        top_span: &mut Vec<(usize, usize)>,
        ineligible_before: &mut Vec<usize>,
    ) -> Option<(usize, usize, i64)> {
        let (h, order, t, tc) = (self.h, self.order, self.t, self.tc);
        let n = order.len();
        let code_group = code_group_span(h, order);
        // Position span of each column's top node, for a cheap nesting test.
        pos_of.clear();
        pos_of.resize(h.leaves.len(), 0);
        for (p, &l) in order.iter().enumerate() {
            if let Some(x) = pos_of.get_mut(l) {
                *x = p;
            }
        }
        top_span.clear();
        top_span.extend(order.iter().enumerate().map(|(p, &leaf)| {
            h.top_node(leaf)
                .and_then(|n| h.nodes.get(n))
                .map_or((p, p), |n| {
                    let ps = n.cols.iter().filter_map(|&c| pos_of.get(c).copied());
                    let lo = ps.clone().min().unwrap_or(p);
                    (lo, ps.max().unwrap_or(p))
                })
        }));
        let top_span: &[(usize, usize)] = top_span;
        // Ineligible columns before each position: `a..=b` is all eligible when the
        // count does not change over it.
        ineligible_before.clear();
        ineligible_before.push(0);
        let mut count = 0usize;
        for p in 0..n {
            count += usize::from(!self.eligible(p));
            ineligible_before.push(count);
        }
        let all_eligible = |a: usize, b: usize| {
            ineligible_before.get(a).is_some()
                && ineligible_before.get(a) == ineligible_before.get(b + 1)
        };
        let laminar = |a: usize, b: usize| -> bool {
            if let Some((ga, gb)) = code_group {
                if a <= gb && ga <= b && !(a <= ga && gb <= b) {
                    return false;
                }
            }
            (a..=b).all(|p| top_span.get(p).is_some_and(|&(lo, hi)| lo >= a && hi <= b))
        };
        // Nor one reaching under another word of its line (`合计` beside
        // `因公出国(境)费`, each over its own `预算数  决算数`).
        let under_sibling = |p: usize| {
            self.leaf(p).is_some_and(|l| {
                !self.overlaps(l.s, l.e)
                    && spans.iter().any(|&(top, s, e)| {
                        top == self.li && (s, e) != (t.s, t.e) && l.s < e && s < l.e
                    })
            })
        };
        // The narrowest range the word is centred on (a wide range can be centred by
        // accident), unless a range one column wider is centred better by more than two
        // columns (`本年支出` over `合计  基本支出  项目支出`, 3 columns off the first two,
        // half a column off all three).
        let score = |a: usize, b: usize, d: i64| 4 * (b - a) as i64 + d;
        let mut best_range: Option<(usize, usize, i64)> = None;
        for a in first.saturating_sub(12)..=first {
            for b in last..n.min(last + 13) {
                if !all_eligible(a, b) {
                    break; // so is every wider range
                }
                if b == a {
                    continue;
                }
                let (Some(la), Some(lb)) = (self.leaf(a), self.leaf(b)) else {
                    continue;
                };
                let d = ((la.center2() + lb.center2()) / 2 - tc).abs();
                if d > tolerance {
                    continue;
                }
                // A word over exactly the columns of one existing word is rarely its
                // parent; prefer a range that groups several.
                let same_as_node = top_span.get(a) == Some(&(a, b));
                if !laminar(a, b) || cuts_amount_run(h, order, a, b) || same_as_node {
                    continue;
                }
                if under_sibling(a) || under_sibling(b) {
                    continue;
                }
                let better = match best_range {
                    None => true,
                    Some((ba, bb, bd)) => {
                        score(a, b, d) < score(ba, bb, bd)
                            || (score(a, b, d) == score(ba, bb, bd) && b - a < bb - ba)
                    }
                };
                if better {
                    best_range = Some((a, b, d));
                }
            }
        }
        best_range
    }

    /// `项目` at the top left covers the code and name columns under it: the run of eligible
    /// non-amount columns around the one nearest the word, when it keeps groups whole.
    fn xiangmu_cover(&self, overlapped: &mut Vec<usize>) {
        let (h, order, tc) = (self.h, self.order, self.tc);
        let kind = |p: usize| self.leaf(p).map(|l| l.kind);
        let nearest = (0..order.len())
            .filter(|&p| self.eligible(p) && kind(p) != Some(ColumnKind::Amount))
            .min_by_key(|&p| (self.leaf(p).map_or(0, Leaf::center2) - tc).abs());
        let Some(p) = nearest else {
            return;
        };
        let ok = |q: usize| self.eligible(q) && kind(q).is_some_and(|k| k != ColumnKind::Amount);
        let mut a = p;
        while a > 0 && ok(a - 1) {
            a -= 1;
        }
        let mut b = p;
        while ok(b + 1) {
            b += 1;
        }
        let code_group = code_group_span(h, order);
        if range_is_laminar(h, order, a, b, code_group) {
            overlapped.clear();
            overlapped.extend(a..=b);
        }
    }

    /// What the word does, from the “三公” group it heads, the single node it is centred on,
    /// the best range and the columns it overlaps.
    fn action(
        &self,
        single: Option<(usize, i64)>,
        best_range: Option<(usize, usize, i64)>,
        overlapped: &[usize],
    ) -> Action {
        let (h, order) = (self.h, self.order);
        let range_cols = |a: usize, b: usize| -> Vec<usize> {
            order.get(a..=b).map(<[usize]>::to_vec).unwrap_or_default()
        };
        let node_cols = |nid: usize| h.nodes.get(nid).map(|n| n.cols.clone()).unwrap_or_default();
        match (
            group_members(h, order, &self.t.text, self.bottom),
            single,
            best_range,
        ) {
            // The “三公” groups: the word covers its items wherever it is printed.
            (Some((a, b)), _, _) => Action::Parent(range_cols(a, b)),
            (None, Some((nid, sd)), Some((a, b, rd))) => {
                // A word over one column's word but not stacked onto it (`合计`, blank lines
                // above `预算数  决算数`, its two columns) is the parent of the range it is
                // centred on, not of that one column.
                let lone = node_cols(nid).len() == 1;
                if (rd <= sd + 2 || lone) && b - a + 1 > node_cols(nid).len() {
                    Action::Parent(range_cols(a, b))
                } else {
                    Action::Parent(node_cols(nid))
                }
            }
            (None, Some((nid, _)), None) => Action::Parent(node_cols(nid)),
            (None, None, Some((a, b, _))) => Action::Parent(range_cols(a, b)),
            (None, None, None) => {
                if overlapped.is_empty() {
                    Action::NewLeaf
                } else {
                    let code_group = code_group_span(h, order);
                    let (a, b) = laminar_closure(h, order, overlapped, code_group);
                    Action::Parent(range_cols(a, b))
                }
            }
        }
    }
}

/// Places one header word: as the parent of the columns it stands over, or as a new column.
fn place_header_token<'a>(
    h: &mut Header<'a>,
    cell: &HeaderCell<'a>,
    spans: &[(usize, usize, usize)],
    parents_by_line: &mut [Vec<usize>],
    scratch: &mut HeaderScratch,
) {
    let HeaderScratch {
        order,
        overlapped,
        pos_of,
        top_span,
        ineligible_before,
    } = scratch;
    h.order_into(order);
    let p = Placing {
        h,
        order,
        t: &cell.tok,
        li: cell.top,
        bottom: cell.bottom,
        tc: cell.tok.center2(),
    };
    p.overlapped(overlapped);
    let single = p.single(overlapped);
    let (seed, tolerance) = p.seed(overlapped);
    let best_range = seed
        .and_then(|seed| p.best_range(seed, tolerance, spans, pos_of, top_span, ineligible_before));
    if best_range.is_none()
        && single.is_none()
        && overlapped.is_empty()
        && matches!(cell.tok.text.as_ref(), "项目" | "項目")
    {
        p.xiangmu_cover(overlapped);
    }
    let action = p.action(single, best_range, overlapped);
    apply_action(h, cell, action, parents_by_line);
}

/// Adds the word to the header as `action` says.
fn apply_action<'a>(
    h: &mut Header<'a>,
    cell: &HeaderCell<'a>,
    action: Action,
    parents_by_line: &mut [Vec<usize>],
) {
    let (t, li) = (&cell.tok, cell.top);
    match action {
        Action::Parent(cols) if !cols.is_empty() => {
            let nid = h.nodes.len();
            h.nodes.push(Node {
                text: t.text.clone(),
                s: t.s,
                e: t.e,
                top: li,
                cols: Vec::new(),
            });
            for &c in &cols {
                if let Some(l) = h.leaves.get_mut(c) {
                    l.path.push(nid);
                }
            }
            if let Some(n) = h.nodes.get_mut(nid) {
                n.cols = cols;
            }
            if let Some(v) = parents_by_line.get_mut(li) {
                v.push(nid);
            }
        }
        _ => {
            let nid = h.nodes.len();
            let lid = h.leaves.len();
            h.nodes.push(Node {
                text: t.text.clone(),
                s: t.s,
                e: t.e,
                top: li,
                cols: vec![lid],
            });
            let kind = match leaf_kind(&t.text) {
                ColumnKind::Code if is_level_word(&t.text) && !cell.level => ColumnKind::Label,
                k => k,
            };
            h.leaves.push(Leaf {
                path: vec![nid],
                s: t.s,
                e: t.e,
                kind,
                bottom: cell.bottom,
                dead: false,
                head: cell.head,
            });
        }
    }
}

/// The items of a “三公” group word: words that name the columns it stands over.
fn group_items(text: &str) -> Option<&'static [&'static str]> {
    if text.contains("三公") {
        Some(&["因公出国", "公务用车", "公务接待"])
    } else if text.contains("购置及运行") {
        Some(&["购置费", "运行"])
    } else {
        None
    }
}

/// The columns a “三公” group word stands over, whatever its position: `“三公”经费`
/// over 因公出国(境)费, 公务用车… and 公务接待费, `公务用车购置及运行(维护)费` over
/// 购置费 and 运行(维护)费; with the 小计/合计 column just left of them (the group's
/// total; `合计` further left, beside 会议费 and 培训费, is the table's). `pdftotext`
/// prints these words off-centre often enough (019, 015) that centring cannot tell.
/// Positions (in `order`) of the first and last column, when every column of the range
/// lies below the word (`bottom`: its lowest header line) and the range keeps existing
/// groups whole.
fn group_members(
    h: &Header<'_>,
    order: &[usize],
    text: &str,
    bottom: usize,
) -> Option<(usize, usize)> {
    let members = group_items(text)?;
    let words = |p: usize| {
        order
            .get(p)
            .and_then(|&l| h.leaves.get(l))
            .into_iter()
            .flat_map(|l| l.path.iter().filter_map(|&n| h.nodes.get(n)))
    };
    let is_member = |p: usize| words(p).any(|n| members.iter().any(|m| n.text.contains(m)));
    let a = (0..order.len()).find(|&p| is_member(p))?;
    let b = (0..order.len()).rev().find(|&p| is_member(p))?;
    let top = |p: usize| order.get(p).and_then(|&l| h.top_node(l));
    let word = |n: usize| h.nodes.get(n);
    // The total column just left of the items, with the columns under its word.
    let mut a = a;
    if let Some(n) = a.checked_sub(1).and_then(top) {
        if word(n).is_some_and(|w| GROUP_TOTAL_WORDS.contains(&w.text.as_ref())) {
            a = (0..a).find(|&p| top(p) == Some(n)).unwrap_or(a - 1);
        }
    }
    let below = (a..=b).all(|p| top(p).and_then(word).is_some_and(|n| n.top > bottom));
    (below && range_is_laminar(h, order, a, b, code_group_span(h, order))).then_some((a, b))
}

/// A range mixing label and amount columns must not stop inside a run of amount
/// columns: `项目` over `类 款 项 名称` never takes the first amount column with it.
fn cuts_amount_run(h: &Header<'_>, order: &[usize], a: usize, b: usize) -> bool {
    let kind = |pos: usize| {
        order
            .get(pos)
            .and_then(|&l| h.leaves.get(l))
            .map(|l| l.kind)
    };
    let mixed = (a..=b).any(|p| kind(p) == Some(ColumnKind::Amount))
        && (a..=b).any(|p| kind(p) != Some(ColumnKind::Amount));
    mixed && kind(b) == Some(ColumnKind::Amount) && kind(b + 1) == Some(ColumnKind::Amount)
}

/// Positions (in `order`) of the contiguous run of code-level columns, if any.
fn code_group_span(h: &Header<'_>, order: &[usize]) -> Option<(usize, usize)> {
    let mut span: Option<(usize, usize)> = None;
    for (pos, &leaf) in order.iter().enumerate() {
        let is_level = h
            .leaves
            .get(leaf)
            .and_then(|l| l.path.first())
            .and_then(|&n| h.nodes.get(n))
            .is_some_and(|n| is_level_word(&n.text))
            && h.leaves
                .get(leaf)
                .is_some_and(|l| l.kind == ColumnKind::Code);
        if is_level {
            span = Some(match span {
                None => (pos, pos),
                Some((a, _)) => (a, pos),
            });
        }
    }
    span
}

fn range_is_laminar(
    h: &Header<'_>,
    order: &[usize],
    a: usize,
    b: usize,
    code_group: Option<(usize, usize)>,
) -> bool {
    if let Some((ga, gb)) = code_group {
        let intersects = a <= gb && ga <= b;
        let contains = a <= ga && gb <= b;
        if intersects && !contains {
            return false;
        }
    }
    let inside: Vec<usize> = order.get(a..=b).map(<[usize]>::to_vec).unwrap_or_default();
    for &leaf in &inside {
        if let Some(n) = h.top_node(leaf).and_then(|n| h.nodes.get(n)) {
            if n.cols.iter().any(|c| !inside.contains(c)) {
                return false;
            }
        }
    }
    true
}

fn laminar_closure(
    h: &Header<'_>,
    order: &[usize],
    positions: &[usize],
    code_group: Option<(usize, usize)>,
) -> (usize, usize) {
    let mut a = positions.first().copied().unwrap_or(0);
    let mut b = positions.last().copied().unwrap_or(0);
    for _ in 0..8 {
        let (oa, ob) = (a, b);
        if let Some((ga, gb)) = code_group {
            if a <= gb && ga <= b {
                a = a.min(ga);
                b = b.max(gb);
            }
        }
        let (mut na, mut nb) = (a, b);
        for &leaf in order.get(a..=b).unwrap_or(&[]) {
            if let Some(n) = h.top_node(leaf).and_then(|n| h.nodes.get(n)) {
                for c in &n.cols {
                    if let Some(p) = order.iter().position(|x| x == c) {
                        na = na.min(p);
                        nb = nb.max(p);
                    }
                }
            }
        }
        (a, b) = (na, nb);
        if (oa, ob) == (a, b) {
            break;
        }
    }
    (a, b)
}

/// On a header line with several parents (`项目 … 收入预算`), columns lying between
/// two parents' ranges go to the right one if they are of its kind, else to the left one;
/// label columns left of the first parent go to it when it covers labels, and amount
/// columns right of the last parent go to it when it covers amounts.
fn fill_parent_gaps(h: &mut Header<'_>, parents_by_line: &[Vec<usize>]) {
    let order = h.order();
    let pos_of = |c: usize| order.iter().position(|&x| x == c);
    let kind_at = |h: &Header<'_>, pos: usize| {
        order
            .get(pos)
            .and_then(|&c| h.leaves.get(c))
            .map(|l| l.kind)
    };
    for parents in parents_by_line {
        if parents.len() < 2 {
            continue;
        }
        let mut spans: Vec<(usize, usize, usize)> = parents
            .iter()
            .filter_map(|&nid| {
                let n = h.nodes.get(nid)?;
                let ps: Vec<usize> = n.cols.iter().filter_map(|&c| pos_of(c)).collect();
                Some((*ps.iter().min()?, *ps.iter().max()?, nid))
            })
            .collect();
        spans.sort();
        let mut assign: Vec<(usize, usize)> = Vec::new(); // (position, node)
        for w in spans.windows(2) {
            let (Some(&(_, pb, left)), Some(&(qa, _, right))) = (w.first(), w.get(1)) else {
                continue;
            };
            let right_kind = kind_at(h, qa);
            let left_kind = kind_at(h, pb);
            for pos in pb + 1..qa {
                let k = kind_at(h, pos);
                // A label after the left side's amounts starts the right side.
                let starts_right =
                    left_kind == Some(ColumnKind::Amount) && k != Some(ColumnKind::Amount);
                let target = if k == right_kind || starts_right {
                    right
                } else {
                    left
                };
                assign.push((pos, target));
            }
        }
        if let Some(&(fa, _, first)) = spans.first() {
            if kind_at(h, fa) != Some(ColumnKind::Amount)
                && (0..fa).all(|p| kind_at(h, p) != Some(ColumnKind::Amount))
            {
                assign.extend((0..fa).map(|p| (p, first)));
            }
        }
        if let Some(&(_, lb, last)) = spans.last() {
            let n = order.len();
            if kind_at(h, lb) == Some(ColumnKind::Amount)
                && (lb + 1..n).all(|p| kind_at(h, p) == Some(ColumnKind::Amount))
            {
                assign.extend((lb + 1..n).map(|p| (p, last)));
            }
        }
        for (pos, target) in assign {
            let Some(&c) = order.get(pos) else { continue };
            let target_top = h.nodes.get(target).map_or(0, |n| n.top);
            let Some(l) = h.leaves.get(c) else { continue };
            // Not when the column already has a word at this level or above it.
            let blocked = l
                .path
                .iter()
                .any(|&n| h.nodes.get(n).is_some_and(|n| n.top <= target_top));
            if blocked {
                continue;
            }
            // Nor an amount column whose words start above those of the parent's own
            // columns: it stands beside the parent (`年初结转和` / `结余` beside `本年支出` over
            // `小计  基本支出  项目支出`), not under it.
            let top_of = |leaf: &Leaf| {
                leaf.path
                    .last()
                    .and_then(|&n| h.nodes.get(n))
                    .map_or(usize::MAX, |n| n.top)
            };
            let children_top = h.nodes.get(target).and_then(|n| {
                n.cols
                    .iter()
                    .filter_map(|&c| h.leaves.get(c))
                    .map(|x| {
                        // The word just under the parent in the child's path.
                        x.path
                            .iter()
                            .filter_map(|&m| h.nodes.get(m))
                            .filter(|m| m.top > target_top)
                            .map(|m| m.top)
                            .min()
                            .unwrap_or(usize::MAX)
                    })
                    .min()
            });
            if l.kind == ColumnKind::Amount && children_top.is_some_and(|t| top_of(l) < t) {
                continue;
            }
            if let Some(l) = h.leaves.get_mut(c) {
                l.path.push(target);
            }
            if let Some(n) = h.nodes.get_mut(target) {
                n.cols.push(c);
            }
        }
    }
}
