import QtQuick
import QtQuick.Controls

// A menu as wide as its widest item. Qt 6.4's Menu keeps its style's fixed width (200 px in
// Fusion) and elides longer labels, so "Colour-blind-safe …" hid what the item does.
Menu {
    id: menu

    width: {
        let widest = 0
        for (let i = 0; i < count; ++i) {
            const item = itemAt(i)
            if (item)
                widest = Math.max(widest, item.implicitWidth)
        }
        return Math.max(implicitWidth, widest + leftPadding + rightPadding)
    }
}
