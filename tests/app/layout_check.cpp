// The geometry check. It looks at what a person looks at: words, controls, pictures and the
// project's cards, and asks of each whether it is whole and whether it collides with another.
//
// What is checked ("subjects"):
// - content: a Text or Label with visible characters, a TextField or TextArea, a SpinBox,
//   ComboBox, Slider, ProgressBar or any button (menu items, check boxes, tab buttons...), an
//   Image with a source. Controls are atoms: their insides are the style's business, so the
//   walk does not go into them (a Button's own Text is not a second subject).
// - boxes: the QML types the caller names (cards, lanes, pills): a frame that covers another
//   panel's words is a defect even if no two words collide.
// - scrolling views (every Flickable: ListView, ScrollView's view): only whether the view
//   itself is whole, since what is cut at its edges can be scrolled to.
//
// What is not: plain Items, Rectangles, Layouts, Canvas drawings. Highlight frames, focus
// rings, lane stripes and backgrounds are plain Rectangles without words, drawn on or under
// content on purpose; leaving them out is what keeps the check quiet about them. Scroll bars
// are skipped whole: they sit over the content they scroll by design. Deliberate overlays with
// words (the cycle's arrow labels over the lanes) are named by the caller (Options::overlays).
//
// Visibility: an item that is not visible, that has an effective opacity of 0, or that is
// entirely clipped away (a ListView delegate scrolled out, a collapsed pane) is not looked at:
// it shows nothing. An open Popup (Menu, Dialog, ToolTip) is its own layer: its items are
// checked against each other; the popup's frame is checked against other open popups' frames
// (a ToolTip excepted: it floats over anything by design) and against the window's edges. A
// popup necessarily covers the window's content, so that is never an overlap.
//
// The rules, each with its reason:
// 1. Overlap: two subjects of the same layer share more than `tolerance` pixels in both
//    directions and neither is inside the other in the item tree. Texts count by the rectangle
//    their glyphs take (contentWidth x contentHeight placed by their alignment), not by their
//    box: a fill-width label with a short text does not collide with what sits in its empty
//    part. Only the outermost colliding pair is reported (two cards, not each of their labels).
// 2. Cut off: a subject partly outside the window, or partly outside an ancestor that clips
//    and does not scroll. A cut made by a scrolling view is fine when the cut part lies inside
//    the view's content (it scrolls into view); when it lies outside, nothing can show it
//    ("unreachable"). A subject entirely clipped away is taken as hidden on purpose (rule above).
// 3. Text overflow: a text whose glyphs need more room than its box (less its padding) while
//    its elide is off: a Layout squeezing a Label below its text, a word longer than a wrapped
//    line, or a fixed height under wrapped lines. With elide on, the designer chose to shorten,
//    unless (4). A text shortened by maximumLineCount without an ellipsis drops words silently
//    and counts here too.
// 4. Elided away: an eliding text so narrow that about two letters and "…" are all it shows.
// 5. Squeezed: a control given too little room for its words: a text inside it (a button's
//    label, a ComboBox's or SpinBox's value) is elided, spills out of its own box or out of the
//    control. Squeezing a control into its padding alone is not flagged: nothing is cut.
// 6. Larger than its view: a card, lane or control taller or wider than the scrolling view it
//    sits in can never be seen whole, however one scrolls (a lanes view squeezed to a sliver
//    shows a strip of one lane). Checked even for items scrolled out of sight, once per view.
//    Texts are left out: a long paragraph in a short pane is what scrolling is for.

#include "layout_check.hpp"

#include <QFontMetricsF>
#include <QHash>
#include <QMap>
#include <QQuickItem>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <vector>

namespace layoutcheck {

namespace {

// Qt Quick's classes are private; QObject::inherits() knows them by name all the same.
bool isAny(const QObject* o, std::initializer_list<const char*> classes) {
    return std::any_of(classes.begin(), classes.end(), [o](const char* c) { return o->inherits(c); });
}

bool isText(const QObject* o) { return o->inherits("QQuickText"); }
bool isFlickable(const QObject* o) { return o->inherits("QQuickFlickable"); }
bool isPopupItem(const QObject* o) { return o->inherits("QQuickPopupItem"); }
// Controls whose insides are one thing to the eye.
bool isAtomicControl(const QObject* o) {
    return isAny(o, {"QQuickAbstractButton", "QQuickComboBox", "QQuickSpinBox", "QQuickSlider", "QQuickRangeSlider",
                     "QQuickDial", "QQuickProgressBar", "QQuickTextInput", "QQuickTextEdit"});
}

// "VmaCard" for a type defined in VmaCard.qml ("VmaCard_QMLTYPE_12", or "..._QML_9" for an
// object that declares properties of its own), "Label" for QQuickLabel.
QString stripped(const char* className) {
    QString name = QString::fromLatin1(className);
    if (const int cut = name.indexOf(QStringLiteral("_QML")); cut > 0) name.truncate(cut);
    if (name.startsWith(QStringLiteral("QQuick"))) name.remove(0, 6);
    return name;
}
QString typeName(const QObject* o) { return stripped(o->metaObject()->className()); }
bool isQmlComponent(const QObject* o) {
    return QString::fromLatin1(o->metaObject()->className()).contains(QStringLiteral("_QMLTYPE_"));
}
bool hasType(const QObject* o, const QStringList& types) {
    for (const QMetaObject* mo = o->metaObject(); mo; mo = mo->superClass())
        if (types.contains(stripped(mo->className()))) return true;
    return false;
}

// The words of an item, as one short line (markup and line breaks removed).
QString shortText(const QObject* o) {
    static const QRegularExpression tags(QStringLiteral("<[^>]*>")), space(QStringLiteral("\\s+"));
    QString text = o->property("text").toString();
    text.remove(tags);
    text = text.replace(space, QStringLiteral(" ")).trimmed();
    return text.size() > 40 ? text.left(39) + QChar(0x2026) : text;
}

QString rectText(const QRectF& r) {
    return QStringLiteral("[%1,%2 %3x%4]").arg(qRound(r.x())).arg(qRound(r.y())).arg(qRound(r.width())).arg(qRound(r.height()));
}

QRectF sceneRect(const QQuickItem* item) {
    return item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
}

// Where a text's glyphs are, in the item's coordinates: its content size placed in the box
// (less padding) by its effective alignment. An elided or clipping text stays in its box.
QRectF textInk(const QQuickItem* t) {
    const qreal left = t->property("leftPadding").toReal(), right = t->property("rightPadding").toReal();
    const qreal top = t->property("topPadding").toReal(), bottom = t->property("bottomPadding").toReal();
    const qreal aw = t->width() - left - right, ah = t->height() - top - bottom;
    const qreal cw = t->property("contentWidth").toReal(), ch = t->property("contentHeight").toReal();
    const int h = t->property("effectiveHorizontalAlignment").toInt();
    const int v = t->property("verticalAlignment").toInt();
    const qreal x = left + (h & Qt::AlignRight ? aw - cw : h & Qt::AlignHCenter ? (aw - cw) / 2 : 0);
    const qreal y = top + (v & Qt::AlignBottom ? ah - ch : v & Qt::AlignVCenter ? (ah - ch) / 2 : 0);
    QRectF ink(x, y, cw, ch);
    if (t->property("elide").toInt() != Qt::ElideNone || t->clip()) ink &= QRectF(0, 0, t->width(), t->height());
    return ink;
}

// Rule 3 for one text: why its glyphs do not fit its box, "" if they do. Across, any excess
// counts: the text runs past where its layout believes it ends. Down, half a line: a single
// line centred in a box a few pixels too low is drawn whole, two lines in one line's height
// are not.
QString textSpill(const QQuickItem* t, qreal tolerance) {
    const qreal aw = t->width() - t->property("leftPadding").toReal() - t->property("rightPadding").toReal();
    const qreal ah = t->height() - t->property("topPadding").toReal() - t->property("bottomPadding").toReal();
    const qreal cw = t->property("contentWidth").toReal(), ch = t->property("contentHeight").toReal();
    const qreal line = ch / std::max(1, t->property("lineCount").toInt());
    if (t->property("elide").toInt() != Qt::ElideNone) return {};
    if (cw > aw + tolerance || ch > ah + std::max(tolerance, line / 2))
        return QStringLiteral("needs %1x%2 but has %3x%4 and does not elide").arg(qRound(cw)).arg(qRound(ch)).arg(qRound(aw)).arg(qRound(ah));
    if (t->property("truncated").toBool()) return QStringLiteral("loses lines to maximumLineCount without an ellipsis");
    return {};
}

bool within(const QRectF& inner, const QRectF& outer, qreal tolerance) {
    return inner.left() >= outer.left() - tolerance && inner.top() >= outer.top() - tolerance
           && inner.right() <= outer.right() + tolerance && inner.bottom() <= outer.bottom() + tolerance;
}

// The sides of `outer` that `inner` crosses: "right and bottom".
QString crossedSides(const QRectF& inner, const QRectF& outer, qreal tolerance) {
    QStringList sides;
    if (inner.left() < outer.left() - tolerance) sides << QStringLiteral("left");
    if (inner.top() < outer.top() - tolerance) sides << QStringLiteral("top");
    if (inner.right() > outer.right() + tolerance) sides << QStringLiteral("right");
    if (inner.bottom() > outer.bottom() + tolerance) sides << QStringLiteral("bottom");
    return sides.join(QStringLiteral(" and "));
}

// A clipping edge on the way from the window to an item: an ancestor that clips, or the window
// itself (item null). `scroller` is the innermost Flickable between the edge and the item, if
// any: what that edge cuts off, the Flickable can scroll into view.
struct Edge {
    const QQuickItem* item;
    QRectF rect;
    const QQuickItem* scroller;
};

struct Subject {
    enum Role { Content, Box, ScrollView };
    const QQuickItem* item;
    Role role;
    QRectF ink;    // scene coordinates
    QRectF shown;  // the part inside every clipping edge
    std::vector<Edge> edges;
    int layer;                      // 0: the window's content; others: an overlay or a popup
    std::vector<int> outer;         // indices of the subjects it lies in (itself included)
};

constexpr int kPopupFrames = -1;

class Walker {
public:
    Walker(QQuickWindow* window, const Options& options) : m_options(options) {
        // Each popup by its popup item (its content item's parent), to tell a ToolTip from a Dialog.
        for (QObject* o : window->findChildren<QObject*>())
            if (o->inherits("QQuickPopup"))
                if (auto* content = o->property("contentItem").value<QQuickItem*>(); content && content->parentItem())
                    m_popupOf.insert(content->parentItem(), o);
        std::vector<Edge> edges{{nullptr, QRectF(0, 0, window->width(), window->height()), nullptr}};
        walk(window->contentItem(), 1.0, edges, 0, {}, nullptr);
    }

    std::vector<Subject> subjects;
    QList<Problem> problems;  // rules 3 to 6, found on the way
    QHash<const QQuickItem*, QRectF> contentArea;  // each Flickable's scrollable content, in scene coordinates

private:
    // `scroller`: the innermost Flickable the item is in, if any.
    void walk(const QQuickItem* item, qreal opacity, std::vector<Edge> edges, int layer, std::vector<int> outer,
              const QQuickItem* scroller) {
        if (!item->isVisible()) return;
        opacity *= item->opacity();
        if (opacity < 0.01) return;
        if (isAny(item, {"QQuickScrollBar", "QQuickScrollIndicator"})) return;

        if (m_options.overlays.contains(item->objectName())) layer = ++m_layers;
        if (isPopupItem(item)) {
            const QObject* popup = m_popupOf.value(item);
            if (!(popup && popup->inherits("QQuickToolTip"))) add(item, Subject::Box, edges, kPopupFrames, outer);
            layer = ++m_layers;
        }

        const bool text = isText(item) && !shortText(item).isEmpty();
        const bool atomic = isAtomicControl(item);
        const bool image = item->inherits("QQuickImage") && !item->property("source").toUrl().isEmpty();
        const bool box = !text && !atomic && !image && hasType(item, m_options.boxTypes);
        if (scroller && (atomic || box)) checkFits(item, scroller);
        if (text || atomic || image) {
            if (const int i = add(item, Subject::Content, edges, layer, outer); i >= 0) {
                if (text) checkText(i);
                if (atomic) checkInside(i);
            }
        } else if (box) {
            if (const int i = add(item, Subject::Box, edges, layer, outer); i >= 0) outer.push_back(i);
        }
        if (atomic) return;

        if (isFlickable(item)) {
            add(item, Subject::ScrollView, edges, layer, outer);
            scroller = item;
            for (Edge& e : edges) e.scroller = item;
            // What it scrolls over: from its origin (a ListView's first item may sit before 0),
            // contentWidth by contentHeight; a side it does not size is its own.
            const auto* content = item->property("contentItem").value<QQuickItem*>();
            const qreal cw = item->property("contentWidth").toReal(), ch = item->property("contentHeight").toReal();
            if (content)
                contentArea.insert(item, content->mapRectToScene(QRectF(item->property("originX").toReal(),
                                                                         item->property("originY").toReal(),
                                                                         cw > 0 ? cw : item->width(),
                                                                         ch > 0 ? ch : item->height())));
        }
        if (item->clip()) edges.push_back({item, sceneRect(item), isFlickable(item) ? item : nullptr});

        for (const QQuickItem* child : item->childItems()) walk(child, opacity, edges, layer, outer, scroller);
    }

    // Rule 6, once per view.
    void checkFits(const QQuickItem* item, const QQuickItem* view) {
        if (m_tooSmall.contains(view)) return;
        const QRectF inner = sceneRect(item), viewport = sceneRect(view);
        // A tenth of slack: a card a border's width taller than its view still reads whole.
        const qreal slack = std::max(m_options.tolerance, 0.1 * std::min(inner.width(), inner.height()));
        // A view scrolls up and down, so a card somewhat taller than it is read by scrolling
        // (binder's proc card in the shared state at 1280x720); one that shows less than 60%
        // of it at a time is a view squeezed too small. Sideways nothing scrolls.
        const qreal tallest = std::max(viewport.height() + slack, viewport.height() / 0.6);
        if (inner.width() <= viewport.width() + slack && inner.height() <= tallest) return;
        m_tooSmall.insert(view);
        problems.append({Problem::LargerThanView,
                         QStringLiteral("%1 %2 at %3: larger than its %4 %5, so never seen whole")
                             .arg(itemName(item), rectText(inner), itemPath(item), itemName(view), rectText(viewport))});
    }

    // Records a subject, unless none of it is on screen (then it shows nothing): -1.
    int add(const QQuickItem* item, Subject::Role role, const std::vector<Edge>& edges, int layer, std::vector<int> outer) {
        const QRectF ink = isText(item) ? item->mapRectToScene(textInk(item)) : sceneRect(item);
        QRectF shown = ink;
        for (const Edge& e : edges) shown &= e.rect;
        if (shown.width() <= 0 || shown.height() <= 0) return -1;
        outer.push_back(static_cast<int>(subjects.size()));
        subjects.push_back({item, role, ink, shown, edges, layer, std::move(outer)});
        return static_cast<int>(subjects.size()) - 1;
    }

    void checkText(int i) {
        const QQuickItem* t = subjects[static_cast<std::size_t>(i)].item;
        QString why = textSpill(t, m_options.tolerance);
        Problem::Kind kind = Problem::TextOverflow;
        if (why.isEmpty() && t->property("truncated").toBool()) {  // elided: is much left?
            const qreal aw = t->width() - t->property("leftPadding").toReal() - t->property("rightPadding").toReal();
            const QFontMetricsF metrics(t->property("font").value<QFont>());
            if (aw < metrics.horizontalAdvance(QStringLiteral("Mm\u2026"))) {
                kind = Problem::ElidedAway;
                why = QStringLiteral("elided to %1 px: it shows little more than \u2026").arg(qRound(aw));
            }
        }
        if (!why.isEmpty())
            problems.append({kind, QStringLiteral("%1 %2 at %3: %4").arg(itemName(t), rectText(sceneRect(t)), itemPath(t), why)});
    }

    // Rule 5: the words inside a control. A TextField's own text scrolls as one types, so only
    // the value fields of ComboBox and SpinBox count, and the Text of every control.
    void checkInside(int i) {
        const QQuickItem* control = subjects[static_cast<std::size_t>(i)].item;
        const bool valueField = isAny(control, {"QQuickComboBox", "QQuickSpinBox"});
        const QRectF bounds = sceneRect(control);
        const qreal tol = m_options.tolerance;
        QString cut;
        std::vector<const QQuickItem*> todo(control->childItems().cbegin(), control->childItems().cend());
        while (!todo.empty() && cut.isEmpty()) {
            const QQuickItem* t = todo.back();
            todo.pop_back();
            if (!t->isVisible() || t->opacity() < 0.01) continue;
            todo.insert(todo.end(), t->childItems().cbegin(), t->childItems().cend());
            const bool words = isText(t) || (valueField && t->inherits("QQuickTextInput"));
            if (!words || shortText(t).isEmpty()) continue;
            const qreal cw = t->property("contentWidth").toReal();
            const QRectF ink = t->mapRectToScene(isText(t) ? textInk(t) : QRectF(0, 0, cw, t->height()));
            if (isText(t) && t->property("truncated").toBool())
                cut = QStringLiteral("its text \"%1\" is elided").arg(shortText(t));
            else if (isText(t) && !textSpill(t, tol).isEmpty())
                cut = QStringLiteral("its text \"%1\" %2").arg(shortText(t), textSpill(t, tol));
            else if (!isText(t) && cw > t->width() + tol)
                cut = QStringLiteral("its value needs %1 px but has %2").arg(qRound(cw)).arg(qRound(t->width()));
            else if (!within(ink, bounds, tol))
                cut = QStringLiteral("its text %1 crosses its %2 edge").arg(rectText(ink), crossedSides(ink, bounds, tol));
        }
        if (!cut.isEmpty())
            problems.append({Problem::Squeezed, QStringLiteral("%1 %2 at %3: %4")
                                                    .arg(itemName(control), rectText(bounds), itemPath(control), cut)});
    }

    const Options& m_options;
    QHash<const QQuickItem*, const QObject*> m_popupOf;
    QSet<const QQuickItem*> m_tooSmall;  // views already reported by rule 6
    int m_layers = 0;
};

// Rule 2 for one subject: the innermost clipping edge that cuts it, if any. True if cut.
bool checkCut(const Subject& s, const QHash<const QQuickItem*, QRectF>& contentArea, qreal tol, QList<Problem>& out) {
    for (auto e = s.edges.rbegin(); e != s.edges.rend(); ++e) {
        if (within(s.ink, e->rect, tol)) continue;
        const QString who = QStringLiteral("%1 %2 at %3").arg(itemName(s.item), rectText(s.ink), itemPath(s.item));
        if (e->scroller) {
            const QRectF area = contentArea.value(e->scroller);
            if (within(s.ink, area, tol)) return false;
            out.append({Problem::Unreachable, QStringLiteral("%1: outside the %2 of %3 at %4 %5, which cannot scroll to it")
                                                      .arg(who, crossedSides(s.ink, area, tol), itemName(e->scroller),
                                                           itemPath(e->scroller), rectText(area))});
        } else if (!e->item) {
            out.append({Problem::CutOff, QStringLiteral("%1: cut off by the window's %2 edge")
                                             .arg(who, crossedSides(s.ink, e->rect, tol))});
        } else {
            out.append({Problem::CutOff, QStringLiteral("%1: cut off at the %2 by %3 %4, which clips and does not scroll")
                                             .arg(who, crossedSides(s.ink, e->rect, tol), itemName(e->item), rectText(e->rect))});
        }
        return true;
    }
    return false;
}

}  // namespace

QString itemName(const QQuickItem* item) {
    QString name = typeName(item);
    if (!item->objectName().isEmpty()) name += QLatin1Char(' ') + item->objectName();
    if (const QString text = shortText(item); !text.isEmpty()) name += QStringLiteral(" \"%1\"").arg(text);
    return name;
}

// The ancestors worth naming: those with an objectName, the project's components (with their
// delegate index, which tells lane 3 from lane 5), and Qt's containers and views.
QString itemPath(const QQuickItem* item) {
    QStringList path;
    for (const QQuickItem* a = item->parentItem(); a && a->parentItem(); a = a->parentItem()) {
        // A Control's content item carries its type's name as objectName: the type says it.
        if (a->inherits("QQuickContentItem")) continue;
        QString step;
        if (!a->objectName().isEmpty())
            step = a->objectName();
        else if (isQmlComponent(a) || isFlickable(a) || isPopupItem(a) || a->inherits("QQuickControl"))
            step = typeName(a);
        else
            continue;
        if (const QVariant index = a->property("index"); index.isValid() && index.canConvert<int>())
            step += QStringLiteral("[%1]").arg(index.toInt());
        path.prepend(step);
    }
    return path.isEmpty() ? QStringLiteral("the window") : path.join(QStringLiteral(" > "));
}

Report check(QQuickWindow* window, const Options& options) {
    Walker walker(window, options);
    const auto& subjects = walker.subjects;
    const qreal tol = options.tolerance;

    // Rule 1, every pair of the same layer; then only the outermost of nested collisions.
    QSet<QPair<int, int>> colliding;
    for (int i = 0; i < static_cast<int>(subjects.size()); ++i) {
        const Subject& a = subjects[static_cast<std::size_t>(i)];
        if (a.role == Subject::ScrollView) continue;
        for (int j = i + 1; j < static_cast<int>(subjects.size()); ++j) {
            const Subject& b = subjects[static_cast<std::size_t>(j)];
            if (b.role == Subject::ScrollView || a.layer != b.layer) continue;
            const QRectF both = a.shown & b.shown;
            if (both.width() <= tol || both.height() <= tol) continue;
            if (a.item->isAncestorOf(b.item) || b.item->isAncestorOf(a.item)) continue;
            colliding.insert({i, j});
        }
    }
    QList<Problem> problems;
    for (int i = 0; i < static_cast<int>(subjects.size()); ++i) {
        for (int j = i + 1; j < static_cast<int>(subjects.size()); ++j) {
            if (!colliding.contains({i, j})) continue;
            const Subject& a = subjects[static_cast<std::size_t>(i)];
            const Subject& b = subjects[static_cast<std::size_t>(j)];
            bool inner = false;
            for (int oa : a.outer)
                for (int ob : b.outer)
                    if ((oa != i || ob != j) && colliding.contains({std::min(oa, ob), std::max(oa, ob)})) inner = true;
            if (inner) continue;
            const QRectF both = a.shown & b.shown;
            problems.append({Problem::Overlap, QStringLiteral("%1 %2 at %3  <->  %4 %5 at %6: %7x%8 px in common")
                                                   .arg(itemName(a.item), rectText(a.shown), itemPath(a.item),
                                                        itemName(b.item), rectText(b.shown), itemPath(b.item))
                                                   .arg(qRound(both.width())).arg(qRound(both.height()))});
        }
    }
    // Rule 2; a card that is cut is reported, not each of its labels as well. The walk lists an
    // item before what is inside it.
    std::vector<bool> cut(subjects.size(), false);
    for (std::size_t i = 0; i < subjects.size(); ++i) {
        const Subject& s = subjects[i];
        const bool inCut = std::any_of(s.outer.begin(), s.outer.end() - 1, [&](int o) { return cut[static_cast<std::size_t>(o)]; });
        QList<Problem> found;
        cut[i] = checkCut(s, walker.contentArea, tol, found) || inCut;
        if (!inCut) problems += found;
    }
    problems += walker.problems;
    return {problems, static_cast<int>(subjects.size())};
}

QString kindName(Problem::Kind kind) {
    switch (kind) {
    case Problem::Overlap: return QStringLiteral("overlap");
    case Problem::CutOff: return QStringLiteral("cut off");
    case Problem::Unreachable: return QStringLiteral("unreachable");
    case Problem::TextOverflow: return QStringLiteral("text overflow");
    case Problem::ElidedAway: return QStringLiteral("elided away");
    case Problem::Squeezed: return QStringLiteral("squeezed");
    case Problem::LargerThanView: return QStringLiteral("larger than its view");
    }
    return {};
}

QString describe(const QList<Problem>& problems, int limit) {
    QStringList lines;
    for (int i = 0; i < problems.size() && i < limit; ++i)
        lines << QStringLiteral("%1. %2: %3").arg(i + 1).arg(kindName(problems[i].kind), problems[i].what);
    if (problems.size() > limit) lines << QStringLiteral("... and %1 more").arg(problems.size() - limit);
    return lines.join(QLatin1Char('\n'));
}

QString summary(const QList<Problem>& problems) {
    QMap<int, int> counts;
    for (const Problem& p : problems) ++counts[p.kind];
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts << QStringLiteral("%1 %2").arg(it.value()).arg(kindName(static_cast<Problem::Kind>(it.key())));
    return parts.join(QStringLiteral(", "));
}

}  // namespace layoutcheck
