import QtQuick
import QtQuick.Controls
import Lockstep

// The wait-for cycle drawn over the thread lanes: an arrow from each thread's lane to the lane
// of the thread it waits for, labelled with the lock between them or how it waits. Lives in
// the lanes' ListView content, so it scrolls with the lanes.
Item {
    id: root

    required property ListView lanes
    required property var links  // [{fromLane, toLane, from, to, label}], from the Session

    // Lane geometry changes with the window, the zoom and the lane count; the arrows follow.
    // Painted only while there is a cycle to show: the links are handed over anew on every step,
    // and a canvas the size of all the lanes, painted empty in the frame after each step (and
    // allocated again whenever the lanes' height changed), made auto-play's slowest frames.
    readonly property var geometry: [lanes.width, lanes.contentHeight, lanes.count, links]
    onGeometryChanged: if (visible) canvas.requestPaint()
    onVisibleChanged: if (visible) canvas.requestPaint()

    function laneCenter(index) {
        const lane = lanes.itemAtIndex(index)
        return lane ? lane.y + lane.height / 2 : -1
    }
    // Arrow k bends out further than arrow k - 1, so two arrows between the same lanes (a
    // two-thread cycle) stay apart.
    function bulge(k) {
        return Theme.spacingLarge * 2 + Theme.spacingLarge * 5 * k
    }
    readonly property real edge: width - Theme.spacingLarge * 2

    width: lanes.width
    height: lanes.contentHeight

    Canvas {
        id: canvas
        anchors.fill: parent
        onPaint: {
            const ctx = getContext("2d")
            ctx.reset()
            ctx.strokeStyle = Theme.danger
            ctx.fillStyle = Theme.danger
            ctx.lineWidth = Theme.arrowWidth * 1.5
            const head = Theme.spacing * 1.5
            for (let k = 0; k < root.links.length; ++k) {
                const a = root.laneCenter(root.links[k].fromLane)
                const b = root.laneCenter(root.links[k].toLane)
                if (a < 0 || b < 0)
                    continue
                const x = root.edge
                const cx = x - 2 * root.bulge(k)
                const cy = (a + b) / 2
                ctx.beginPath()
                ctx.moveTo(x, a)
                ctx.quadraticCurveTo(cx, cy, x, b)
                ctx.stroke()
                // The head points along the curve's end, into the lane waited for.
                const len = Math.hypot(x - cx, b - cy)
                const ux = (x - cx) / len, uy = (b - cy) / len
                ctx.beginPath()
                ctx.moveTo(x, b)
                ctx.lineTo(x - head * ux - head * 0.5 * uy, b - head * uy + head * 0.5 * ux)
                ctx.lineTo(x - head * ux + head * 0.5 * uy, b - head * uy - head * 0.5 * ux)
                ctx.closePath()
                ctx.fill()
            }
        }
    }

    // The label of each arrow at its bend.
    Repeater {
        model: root.links
        delegate: Rectangle {
            id: tag
            required property var modelData
            required property int index
            readonly property real a: { root.geometry; return root.laneCenter(modelData.fromLane) }
            readonly property real b: { root.geometry; return root.laneCenter(modelData.toLane) }
            objectName: "cycleLink_" + index
            visible: a >= 0 && b >= 0
            // The curve's midpoint is half way to its control point.
            x: Math.max(0, Math.min(root.edge - root.bulge(index) - width / 2, root.width - width - Theme.spacing))
            // Tags of arrows between the same lanes would share a midpoint: stack them.
            y: (a + b) / 2 - height / 2 + (index - (root.links.length - 1) / 2) * (height + Theme.spacingSmall)
            width: tagText.implicitWidth + 2 * Theme.spacing
            height: tagText.implicitHeight + Theme.spacingSmall
            radius: Theme.radiusSmall
            color: Theme.dangerSurface
            border.color: Theme.danger
            border.width: Theme.border
            Label {
                id: tagText
                anchors.centerIn: parent
                text: tag.modelData.from + " \u2192 " + tag.modelData.to + ": " + tag.modelData.label
                font.pixelSize: Theme.fontSmall
                font.bold: true
                color: Theme.dangerText
            }
        }
    }
}
