import QtQuick
import QtQuick.Controls
import Lockstep

// A card's name line: the object's name, its struct type (which gives way first, elided) and
// its badges (life in the slab, "on the cycle"). When the card is too narrow for all three on
// one line, the badges go under the name: a card is never wider than the pane it sits in.
// Positioners and bindings, not a layout: the card's layout sizes it, and a nested layout whose
// rows depend on its width re-polished in a loop.
Item {
    id: root

    property string title
    property string typeName
    default property alias badges: badgeRow.data

    // The badges go under the name only when the two do not fit on one line; the type name
    // takes what they leave, and is left out when that is only a few letters.
    readonly property bool stacked: titleLabel.implicitWidth + badgeRow.implicitWidth + Theme.spacing > width
    readonly property real lineHeight: stacked ? titleLabel.height : Math.max(titleLabel.height, badgeRow.height)

    implicitWidth: titleLabel.implicitWidth + typeLabel.implicitWidth + badgeRow.implicitWidth + 2 * Theme.spacing
    implicitHeight: stacked && badgeRow.implicitWidth > 0 ? lineHeight + Theme.spacingTiny + badgeRow.height : lineHeight

    Label {
        id: titleLabel
        objectName: "cardTitle"
        // Only a name longer than the card itself gives way.
        width: Math.min(implicitWidth, root.width)
        y: (root.lineHeight - height) / 2
        text: root.title
        textFormat: Text.PlainText
        elide: Text.ElideRight
        font.pixelSize: Theme.fontLarge
        font.bold: true
    }
    Label {
        id: typeLabel
        x: titleLabel.width + Theme.spacing
        width: Math.max(0, (root.stacked ? root.width : badgeRow.x - Theme.spacing) - x)
        anchors.baseline: titleLabel.baseline
        // Gone rather than shown as "…" alone (a long name in a narrow card).
        visible: text !== "" && width >= Math.min(implicitWidth, Theme.fontSmall * 4)
        text: root.typeName
        textFormat: Text.PlainText
        elide: Text.ElideRight
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
    }
    Row {
        id: badgeRow
        x: root.stacked ? 0 : root.width - width
        y: root.stacked ? root.lineHeight + Theme.spacingTiny : (root.lineHeight - height) / 2
        spacing: Theme.spacingSmall
    }
}
