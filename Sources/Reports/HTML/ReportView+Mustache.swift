import Mustache

// Mustache reads plain structs through Mirror, which costs microseconds per name looked up (most of
// the page's render time). These conformances answer the same names directly; a name not listed
// answers nil, which Mustache treats like a missing field (it then looks in the enclosing objects).
// Keep each switch in step with its struct's stored properties: a test checks every property by its
// Mirror label.

extension ReportView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "css": css
        case "title": title
        case "summaryParagraphs": summaryParagraphs
        case "navigation": navigation
        case "parameterTable": parameterTable
        case "skuTable": skuTable
        case "sourceList": sourceList
        case "policyTable": policyTable
        case "comparisonTable": comparisonTable
        case "referenceTable": referenceTable
        case "chartSection": chartSection
        default: nil
        }
    }
}

extension ReportView.Navigation: MustacheParent {
    func child(named name: String) -> Any? { name == "links" ? links : nil }
}

extension ReportView.Link: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "anchor": anchor
        case "heading": heading
        default: nil
        }
    }
}

extension ReportView.ParameterTable: MustacheParent {
    func child(named name: String) -> Any? { name == "parameters" ? parameters : nil }
}

extension ReportView.ParameterRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "value": value
        default: nil
        }
    }
}

extension ReportView.SourceList: MustacheParent {
    func child(named name: String) -> Any? { name == "files" ? files : nil }
}

extension ReportView.SourceFile: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "href": href
        default: nil
        }
    }
}

extension ReportView.PolicyTable: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "headers": headers
        case "rows": rows
        default: nil
        }
    }
}

extension ReportView.ColumnHeader: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "label": label
        case "unit": unit
        case "hasUnit": hasUnit
        case "direction": direction
        default: nil
        }
    }
}

extension ReportView.PolicyRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "policy": policy
        case "cells": cells
        default: nil
        }
    }
}

extension ReportView.PolicyCell: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "policy": policy
        case "columnId": columnId
        case "meanText": meanText
        case "halfWidthText": halfWidthText
        case "hasHalfWidth": hasHalfWidth
        case "isBest": isBest
        case "cssClass": cssClass
        case "mean": mean
        case "halfWidth": halfWidth
        default: nil
        }
    }
}

extension ReportView.PairedDifferenceTable: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "baseline": baseline
        case "hasBaseline": hasBaseline
        case "headers": headers
        case "rows": rows
        default: nil
        }
    }
}

extension ReportView.PairedDifferenceRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "policy": policy
        case "cells": cells
        default: nil
        }
    }
}

extension ReportView.PairedDifferenceCell: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "policy": policy
        case "columnId": columnId
        case "present": present
        case "text": text
        case "verdict": verdict
        case "cssClass": cssClass
        case "judgement": judgement
        case "hasJudgement": hasJudgement
        case "mean": mean
        case "halfWidth": halfWidth
        default: nil
        }
    }
}

extension ReportView.ChartSection: MustacheParent {
    func child(named name: String) -> Any? { name == "groups" ? groups : nil }
}

extension ReportView.ChartGroup: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "anchor": anchor
        case "heading": heading
        case "figures": figures
        case "note": note
        case "hasNote": hasNote
        case "rows": rows
        default: nil
        }
    }
}

extension ReportView.FigureRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "hasLabel": hasLabel
        case "legend": legend
        case "figures": figures
        default: nil
        }
    }
}

extension ReportView.Figure: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "svg": svg
        case "caption": caption
        case "hasCaption": hasCaption
        default: nil
        }
    }
}

extension ReportView.ReferenceTable: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "rows": rows
        case "omitted": omitted
        default: nil
        }
    }
}

extension ReportView.ReferenceRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "note": note
        case "column": column
        case "text": text
        case "mean": mean
        case "gaps": gaps
        default: nil
        }
    }
}

extension ReportView.ReferenceGap: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "policy": policy
        case "text": text
        case "mean": mean
        default: nil
        }
    }
}
