import QtQuick
import QtQuick.Controls
import Lockstep

// One field of a card: its name, and its value beside it at `nameWidth` (so that a card's values
// line up in a column) or, when the card is too narrow for both on a line, under it, indented.
// The value is the one child item given; it is offered the room there is (`width` at most
// what is left of the line) and wraps in it. Bindings, not a layout: the row's height follows
// its width, which nested layouts only reached after several polishes (or never, at a zoom).
Item {
    id: root

    property string name
    property bool monoName: true
    // Where values start when beside their names: the card gives all its fields the same.
    property real nameWidth: implicitNameWidth
    readonly property real implicitNameWidth: nameLabel.implicitWidth
    // Under the name rather than beside it: the card decides, for all its fields at once.
    property bool stacked: false
    // What the name means, on hover ("" none).
    property string tip
    // The value: the child item.
    default property alias content: holder.data
    readonly property Item value: holder.children.length > 0 ? holder.children[0] : null
    // The room a value has: beside its name, or under it.
    readonly property real valueRoom: width - holder.x

    implicitWidth: nameWidth + Theme.spacing + (value ? value.implicitWidth : 0)
    implicitHeight: stacked ? nameLabel.height + Theme.spacingTiny + holder.height
                            : Math.max(nameLabel.height, holder.height)

    Label {
        id: nameLabel
        width: Math.min(implicitWidth, root.width)
        y: root.stacked ? 0 : (root.height - height) / 2
        text: root.name
        textFormat: Text.PlainText
        elide: Text.ElideRight
        color: Theme.textMuted
        font.family: root.monoName ? Theme.monoFamily : Qt.application.font.family
        ToolTip.visible: Theme.tipsOnHover && root.tip !== "" && nameHover.hovered
        ToolTip.text: root.tip
        ToolTip.delay: Theme.toolTipDelay
        HoverHandler { id: nameHover }
    }
    Item {
        id: holder
        x: root.stacked ? Theme.spacingLarge : root.nameWidth + Theme.spacing
        y: root.stacked ? nameLabel.height + Theme.spacingTiny : (root.height - height) / 2
        width: Math.max(0, root.width - x)
        height: root.value ? root.value.height : 0
    }
}
