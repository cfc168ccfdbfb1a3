import QtQuick
import QtQuick.Controls
import Lockstep

// The execution graph of the run so far under the weak memory model (session.graph): a column
// per thread, each access to a weak location and each barrier in program order, with herd7's
// relations between them: po (program order), rf (which store a read read), co (the order of
// each location's stores), fr (a read comes before the stores after the one it read). Asked
// why a greyed store is out of reach, it draws that access as it would be, dashed, and the
// cycle it would close in red.
Item {
    id: root

    required property MemoryGraph graph

    readonly property real columnWidth: (width - 2 * Theme.padding) / Math.max(1, graph.columns.length)
    readonly property real rowHeight: Theme.fontBase * 3.6
    readonly property real nodeWidth: columnWidth - Theme.spacingLarge * 2
    readonly property real nodeHeight: Theme.fontBase * 2.4
    readonly property real headerHeight: Theme.fontBase * 2

    function nodeRect(id) {
        for (const n of graph.nodes)
            if (n.id === id)
                return Qt.rect(Theme.padding + n.column * columnWidth + Theme.spacingLarge,
                               headerHeight + n.rank * rowHeight + (rowHeight - nodeHeight) / 2, nodeWidth, nodeHeight)
        return null
    }

    implicitHeight: headerHeight + Math.max(1, graph.ranks) * rowHeight + Theme.padding

    // Column titles.
    Repeater {
        model: root.graph.columns
        delegate: Label {
            required property string modelData
            required property int index
            x: Theme.padding + index * root.columnWidth
            width: root.columnWidth
            height: root.headerHeight
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            text: modelData
            font.bold: true
            font.pixelSize: Theme.fontBase
            color: index === 0 ? Theme.textMuted : Theme.text
        }
    }

    Canvas {
        id: edges
        objectName: "graphEdges"
        anchors.fill: parent
        onPaint: {
            const ctx = getContext("2d")
            ctx.reset()
            ctx.font = Theme.fontTag + "px sans-serif"
            // Where the segment from the centre of a to the centre of b leaves a.
            function border(a, bx, by) {
                const cx = a.x + a.width / 2, cy = a.y + a.height / 2
                const dx = bx - cx, dy = by - cy
                if (dx === 0 && dy === 0)
                    return { x: cx, y: cy }
                const sx = dx !== 0 ? (a.width / 2) / Math.abs(dx) : Infinity
                const sy = dy !== 0 ? (a.height / 2) / Math.abs(dy) : Infinity
                const s = Math.min(sx, sy)
                return { x: cx + dx * s, y: cy + dy * s }
            }
            for (const e of root.graph.edges) {
                const a = root.nodeRect(e.from), b = root.nodeRect(e.to)
                if (!a || !b)
                    continue
                const colour = e.cycle ? Theme.relationCycle : Theme.relationColor(e.kind)
                ctx.strokeStyle = colour
                ctx.fillStyle = colour
                ctx.lineWidth = e.cycle ? Theme.arrowWidth * 2 : Theme.arrowWidth
                ctx.setLineDash(e.hypothetical ? [Theme.spacing, Theme.spacingSmall] : [])
                const sameColumn = Math.abs(a.x - b.x) < 1
                const ax = a.x + a.width / 2, ay = a.y + a.height / 2
                const bx = b.x + b.width / 2, by = b.y + b.height / 2
                let from, to, cx, cy
                if (sameColumn && e.kind !== "po") {
                    // Beside the column, so it does not hide program order.
                    from = { x: a.x + a.width, y: ay }
                    to = { x: b.x + b.width, y: by }
                    cx = a.x + a.width + Theme.spacingLarge * 1.6
                    cy = (ay + by) / 2
                } else {
                    from = border(a, bx, by)
                    to = border(b, ax, ay)
                    // Relations other than program order bow a little to one side, so two
                    // between the same columns, or one passing a node, stay apart.
                    const bow = e.kind === "po" ? 0 : 0.12
                    cx = (from.x + to.x) / 2 - (to.y - from.y) * bow
                    cy = (from.y + to.y) / 2 + (to.x - from.x) * bow
                }
                ctx.beginPath()
                ctx.moveTo(from.x, from.y)
                ctx.quadraticCurveTo(cx, cy, to.x, to.y)
                ctx.stroke()
                // The arrowhead, along the curve's last direction.
                const angle = Math.atan2(to.y - cy, to.x - cx)
                const head = Theme.markSize * 0.8
                ctx.setLineDash([])
                ctx.beginPath()
                ctx.moveTo(to.x, to.y)
                ctx.lineTo(to.x - head * Math.cos(angle - 0.4), to.y - head * Math.sin(angle - 0.4))
                ctx.lineTo(to.x - head * Math.cos(angle + 0.4), to.y - head * Math.sin(angle + 0.4))
                ctx.closePath()
                ctx.fill()
                if (e.kind !== "po" || e.cycle) {
                    const mx = (from.x + 2 * cx + to.x) / 4, my = (from.y + 2 * cy + to.y) / 4
                    const text = e.label !== "" ? e.kind + ": " + e.label : e.kind
                    ctx.fillStyle = Theme.surface
                    const w = ctx.measureText(text).width
                    ctx.fillRect(mx - w / 2 - 2, my - Theme.fontTag * 0.7, w + 4, Theme.fontTag * 1.3)
                    ctx.fillStyle = colour
                    ctx.fillText(text, mx - w / 2, my + Theme.fontTag * 0.35)
                }
            }
        }
        Connections {
            target: root.graph
            function onChanged() { edges.requestPaint() }
        }
        onWidthChanged: requestPaint()
        onHeightChanged: requestPaint()
    }

    Repeater {
        model: root.graph.nodes
        delegate: Rectangle {
            required property var modelData
            objectName: "graphNode"
            x: Theme.padding + modelData.column * root.columnWidth + Theme.spacingLarge
            y: root.headerHeight + modelData.rank * root.rowHeight + (root.rowHeight - root.nodeHeight) / 2
            width: root.nodeWidth
            height: root.nodeHeight
            radius: modelData.kind === "F" || modelData.kind === "lock" ? height / 2 : Theme.radiusSmall
            color: modelData.cycle ? Theme.dangerSurface : modelData.kind === "init" ? Theme.surfaceAlt : Theme.surface
            border.color: modelData.cycle ? Theme.relationCycle : Theme.frame
            border.width: modelData.cycle ? Theme.borderStrong : Theme.border
            opacity: modelData.hypothetical ? 0.85 : 1
            Column {
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.spacingSmall
                Label {
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    elide: Text.ElideRight
                    text: modelData.text
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.fontSmall
                    font.bold: true
                    font.italic: modelData.hypothetical
                }
                Label {
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    elide: Text.ElideRight
                    text: modelData.detail
                    font.pixelSize: Theme.fontTag
                    color: Theme.textMuted
                }
            }
            ToolTip.visible: Theme.tipsOnHover && nodeHover.hovered
            ToolTip.delay: Theme.toolTipDelay
            ToolTip.text: modelData.text + "\n" + modelData.detail
            HoverHandler { id: nodeHover }
        }
    }
}
