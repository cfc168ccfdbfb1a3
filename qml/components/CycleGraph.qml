import QtQuick
import QtQuick.Controls
import Lockstep

// The wait-for cycle of a deadlock verdict as a graph: the threads and the locks between them
// in the order the cycle passes them, an arrow per "waits for" / "held by", and the edge that
// closes the cycle drawn back from the last node to the first one underneath.
// The Session gives nodes and edges (edge i leads from node i to node i + 1; the last one
// returns to node 0); this only draws them.
Item {
    id: root

    required property var nodes  // [{name, kind, detail, key, lane}]
    required property var edges  // [{from, to, label}]
    // Room there is: when the full graph does not fit, a thread's state shows as its letter only.
    property real availableWidth: Number.POSITIVE_INFINITY
    property bool compact: false
    // Measured once with the words (compact false), so switching does not oscillate.
    property real fullWidth: 0
    onAvailableWidthChanged: measure()

    readonly property int count: nodes.length
    readonly property var closing: edges.length > 0 ? edges[edges.length - 1] : null
    readonly property real returnDepth: closingLabel.implicitHeight + 2 * Theme.spacing

    implicitWidth: chain.implicitWidth
    onNodesChanged: compact = false
    function measure() {
        if (!compact)
            fullWidth = chain.implicitWidth
        compact = fullWidth > availableWidth
    }
    implicitHeight: chain.implicitHeight + returnDepth
    visible: count > 1

    Row {
        id: chain
        spacing: Theme.spacingSmall
        onImplicitWidthChanged: root.measure()

        Repeater {
            id: nodeRepeater
            model: root.count
            delegate: Row {
                id: step
                required property int index
                readonly property var node: root.nodes[index]
                readonly property bool isLock: node.kind === "lock"
                // Where the closing edge attaches (the node box, not its outgoing arrow).
                readonly property real boxCenter: x + box.x + box.width / 2
                readonly property real boxHalf: box.height / 2
                spacing: Theme.spacingSmall

                Rectangle {
                    id: box
                    objectName: "cycleNode_" + step.node.name
                    anchors.verticalCenter: parent.verticalCenter
                    width: boxText.implicitWidth + 2 * Theme.spacing
                    height: boxText.implicitHeight + Theme.spacingSmall * 2
                    // A thread is a rounded pill like its lane's badge, a lock a square block.
                    radius: step.isLock ? Theme.radiusSmall : height / 2
                    color: step.isLock ? Theme.surface : Theme.tint(Theme.danger)
                    border.color: Theme.danger
                    border.width: step.isLock ? Theme.borderStrong : Theme.border
                    Column {
                        id: boxText
                        anchors.centerIn: parent
                        Label {
                            anchors.horizontalCenter: parent.horizontalCenter
                            text: (step.isLock ? "\u25CF " : "") + step.node.name
                            font.family: step.isLock ? Theme.monoFamily : Qt.application.font.family
                            font.bold: true
                            color: Theme.dangerText
                        }
                        Label {
                            anchors.horizontalCenter: parent.horizontalCenter
                            visible: text !== ""
                            text: step.isLock && step.node.detail !== "" ? qsTr("in %1").arg(step.node.detail)
                                  : root.compact ? step.node.letter : step.node.detail
                            font.pixelSize: Theme.fontSmall
                            color: Theme.dangerText
                        }
                    }
                }
                // The arrow to the next node, with how this one waits for it.
                Column {
                    visible: step.index < root.count - 1
                    anchors.verticalCenter: parent.verticalCenter
                    Label {
                        anchors.horizontalCenter: parent.horizontalCenter
                        text: step.index < root.edges.length ? root.edges[step.index].label : ""
                        font.pixelSize: Theme.fontSmall
                        font.italic: true
                        color: Theme.dangerText
                    }
                    Label {
                        anchors.horizontalCenter: parent.horizontalCenter
                        text: "\u27F6"
                        font.pixelSize: Theme.fontTitle
                        font.bold: true
                        color: Theme.danger
                    }
                }
            }
        }
    }

    // The closing edge: down from the last node, back under the chain, up into the first one.
    readonly property real startX: count > 1 && nodeRepeater.count === count ? nodeRepeater.itemAt(count - 1).boxCenter : 0
    readonly property real endX: count > 1 && nodeRepeater.count === count ? nodeRepeater.itemAt(0).boxCenter : 0
    readonly property real startY: count > 1 && nodeRepeater.count === count ? nodeRepeater.itemAt(count - 1).boxHalf : 0
    readonly property real endY: count > 1 && nodeRepeater.count === count ? nodeRepeater.itemAt(0).boxHalf : 0
    onStartYChanged: arc.requestPaint()
    onEndYChanged: arc.requestPaint()
    onStartXChanged: arc.requestPaint()
    onEndXChanged: arc.requestPaint()

    Canvas {
        id: arc
        y: chain.height / 2
        width: root.width
        height: chain.height / 2 + root.returnDepth
        onPaint: {
            const ctx = getContext("2d")
            ctx.reset()
            if (root.count < 2)
                return
            const low = height - Theme.arrowWidth - closingLabel.implicitHeight / 2
            const top = root.endY
            const head = Theme.spacing
            ctx.strokeStyle = Theme.danger
            ctx.fillStyle = Theme.danger
            ctx.lineWidth = Theme.arrowWidth
            ctx.beginPath()
            ctx.moveTo(root.startX, root.startY)
            ctx.lineTo(root.startX, low)
            ctx.lineTo(root.endX, low)
            ctx.lineTo(root.endX, top + head)
            ctx.stroke()
            ctx.beginPath()
            ctx.moveTo(root.endX, top)
            ctx.lineTo(root.endX - head / 2 - 1, top + head)
            ctx.lineTo(root.endX + head / 2 + 1, top + head)
            ctx.closePath()
            ctx.fill()
        }
        Component.onCompleted: requestPaint()
    }
    Rectangle {
        x: (root.startX + root.endX) / 2 - width / 2
        y: root.height - height
        width: closingLabel.implicitWidth + 2 * Theme.spacing
        height: closingLabel.implicitHeight
        radius: Theme.radiusSmall
        color: Theme.dangerSurface
        visible: root.closing !== null
        Label {
            id: closingLabel
            objectName: "cycleClosingLabel"
            anchors.centerIn: parent
            text: root.closing !== null ? root.closing.label : ""
            font.pixelSize: Theme.fontSmall
            font.italic: true
            color: Theme.dangerText
        }
    }
}
