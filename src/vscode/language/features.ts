// Hover, completion, outline, folding, go to definition and find references, backed by the core's
// language services on the document's latest analysis.
import * as vscode from 'vscode';
import { CompletionKind, completionsAt, definitionsAt, foldingRanges, hoverAt, outline, OutlineSymbol, parse, referencesAt } from '../../core/jailconf';
import { DocumentAnalyses, documentPath } from './analyses';
import { locationOf, spanToRange } from './convert';

const completionKinds: Record<CompletionKind, vscode.CompletionItemKind> = {
  parameter: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  variable: vscode.CompletionItemKind.Variable,
  jail: vscode.CompletionItemKind.Module,
  keyword: vscode.CompletionItemKind.Keyword,
};

const symbolKinds: Record<OutlineSymbol['kind'], vscode.SymbolKind> = {
  jail: vscode.SymbolKind.Namespace,
  wildcard: vscode.SymbolKind.Package,
  parameter: vscode.SymbolKind.Property,
  variable: vscode.SymbolKind.Variable,
  include: vscode.SymbolKind.File,
};

function toSymbol(document: vscode.TextDocument, s: OutlineSymbol): vscode.DocumentSymbol {
  const symbol = new vscode.DocumentSymbol(s.name, s.detail, symbolKinds[s.kind], spanToRange(document, s.span), spanToRange(document, s.selection));
  symbol.children = s.children.map((c) => toSymbol(document, c));
  return symbol;
}

export function registerFeatures(selector: vscode.DocumentSelector, analyses: DocumentAnalyses): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerHoverProvider(selector, {
      async provideHover(document, position) {
        const hover = hoverAt(await analyses.get(document), documentPath(document.uri), document.offsetAt(position));
        return hover && new vscode.Hover(new vscode.MarkdownString(hover.markdown), spanToRange(document, hover.span));
      },
    }),
    vscode.languages.registerCompletionItemProvider(
      selector,
      {
        async provideCompletionItems(document, position) {
          const candidates = completionsAt(await analyses.get(document), documentPath(document.uri), document.offsetAt(position));
          return candidates.map((c) => {
            const item = new vscode.CompletionItem(c.label, completionKinds[c.kind]);
            item.detail = c.detail;
            if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
            item.insertText = c.insertText ?? c.label;
            item.range = spanToRange(document, { start: c.replaceStart, end: c.replaceEnd });
            return item;
          });
        },
      },
      '$',
      '{',
      '.',
    ),
    vscode.languages.registerDocumentSymbolProvider(selector, {
      async provideDocumentSymbols(document) {
        const analysis = await analyses.get(document);
        const file = analysis.config.files.get(documentPath(document.uri));
        return file ? outline(file.statements, file.text).map((s) => toSymbol(document, s)) : [];
      },
    }),
    vscode.languages.registerFoldingRangeProvider(selector, {
      provideFoldingRanges(document) {
        return foldingRanges(parse(document.getText())).map(
          (r) => new vscode.FoldingRange(r.startLine, r.endLine, r.kind === 'comment' ? vscode.FoldingRangeKind.Comment : vscode.FoldingRangeKind.Region),
        );
      },
    }),
    vscode.languages.registerDefinitionProvider(selector, {
      async provideDefinition(document, position) {
        const analysis = await analyses.get(document);
        return definitionsAt(analysis, documentPath(document.uri), document.offsetAt(position)).flatMap((span) => locationOf(analysis, document.uri, span) ?? []);
      },
    }),
    vscode.languages.registerReferenceProvider(selector, {
      async provideReferences(document, position, context) {
        const analysis = await analyses.get(document);
        return referencesAt(analysis, documentPath(document.uri), document.offsetAt(position), context.includeDeclaration).flatMap((span) => locationOf(analysis, document.uri, span) ?? []);
      },
    }),
  );
}
