// A geometry check of a shown Qt Quick window: what a person would see as a broken layout,
// found from the item tree rather than from pixels. See layout_check.cpp for the rules and why
// each one is what it is.
#pragma once

#include <QRectF>
#include <QString>
#include <QStringList>

class QQuickItem;
class QQuickWindow;

namespace layoutcheck {

struct Options {
    // QML types (file names, e.g. "VmaCard") drawn as boxes of their own: a card overlapping
    // another card, or a label of another panel, is a defect even where no text collides.
    QStringList boxTypes;
    // objectNames of deliberate overlays drawn over other content (a wait-for cycle's arrows
    // over the lanes). Their items are checked against each other and against the window's
    // edges, not against what they are drawn over.
    QStringList overlays;
    // Overlaps and overflows up to this many pixels are rounding and antialiasing, not defects.
    qreal tolerance = 1.0;
};

struct Problem {
    enum Kind {
        Overlap,       // two content items share pixels, neither inside the other
        CutOff,        // partly hidden by the window's edge or a clipping ancestor that does not scroll
        Unreachable,   // inside a scrolling view, but outside what the view can scroll to
        TextOverflow,  // a text larger than its box with no elide: it spills or is cut
        ElidedAway,    // an elided text squeezed so far that little more than "…" shows
        Squeezed,      // a control made smaller than its content needs (label cut inside it)
        LargerThanView,  // a card or control bigger than the scrolling view it is in
    };
    Kind kind;
    QString what;  // both items (or the one) named, with their paths and rectangles
};

struct Report {
    QList<Problem> problems;
    int looked = 0;  // subjects on screen that were checked: a check that sees nothing proves nothing
};

// Walks the visible items of `window` and reports every problem found. Of nested collisions only
// the outermost is reported: two cards that overlap, not each pair of their labels.
Report check(QQuickWindow* window, const Options& options);

// "overlap", "cut off", ...: for messages.
QString kindName(Problem::Kind kind);

// One line per problem, numbered, at most `limit` of them and a count of the rest.
QString describe(const QList<Problem>& problems, int limit = 30);

// Counts by kind: "3 overlap, 12 cut off".
QString summary(const QList<Problem>& problems);

// How the check names an item in its messages: type, objectName, a bit of its text, and the
// chain of named ancestors that leads to it ("lab › lanes › ThreadLane[3] › Label").
QString itemName(const QQuickItem* item);
QString itemPath(const QQuickItem* item);

}  // namespace layoutcheck
