import QtQuick
import QtQuick.Controls
import Lockstep

// A slab object's life: live, freed or unused, as a glyph and a word; it flashes when the last
// step changed it (a free, or a reuse under SLAB_TYPESAFE_BY_RCU).
Rectangle {
    id: root

    required property string life
    property bool changedNow: false
    // A lesson points at the object's life ("V.slab"): framed as every pointed-at value is.
    property bool emphasized: false

    readonly property color tone: life === "freed" ? Theme.danger : life === "unused" ? Theme.textMuted : Theme.good

    implicitWidth: value.implicitWidth + 2 * Theme.spacingSmall
    implicitHeight: value.implicitHeight
    radius: Theme.radiusSmall
    color: Theme.tint(tone)
    border.color: tone
    border.width: Theme.border

    ValueText {
        id: value
        anchors.centerIn: parent
        text: (root.life === "freed" ? "\u2717 " + qsTr("freed")
               : root.life === "unused" ? "\u25CB " + qsTr("unused")
               : "\u25CF " + qsTr("live"))
        strong: true
        pixelSize: Theme.fontSmall
        changedNow: root.changedNow
        emphasized: root.emphasized
    }

    ToolTip.visible: Theme.tipsOnHover && hover.hovered
    ToolTip.text: qsTr("The object's life in the slab allocator")
    ToolTip.delay: Theme.toolTipDelay
    HoverHandler { id: hover }
}
