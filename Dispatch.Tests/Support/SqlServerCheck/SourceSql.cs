using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Dispatch.Workers.Storage;
using Dispatch.Workers.Storage.SqlServer;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Dispatch.Tests.Support.SqlServerCheck;

/// <summary>
/// Every SQL text that Dispatch.Workers and Dispatch.Api hand to a command, found in their source with the compiler's semantic model,
/// as the SQL Server dialect makes it. A command site is an argument that becomes a command's text: Dapper's <c>CommandDefinition</c>
/// and <c>SqlMapper</c> methods (<c>sql</c>, <c>commandText</c>) and <see cref="SqlBatch.Add(string, object?)"/>. Its text is
/// evaluated: constants folded by the compiler (nameof, const fields), interpolations and concatenations, fields and locals followed to
/// what is assigned to them, the branches of conditionals and switches (a branch on the dialect's provider takes SQL Server's), the
/// dialect's members invoked on a real <see cref="SqlServerDialect"/>, and a method's parameters bound at each of its call sites
/// (so a helper that takes a table name yields one text per caller). A number interpolated from run-time data (a row index in a
/// parameter name) is written as 1. Whatever it cannot evaluate is reported, never skipped.
/// </summary>
internal sealed partial class SourceSql
{
    private const int MaxAlternatives = 512;

    private static readonly ISqlDialect Dialect = new SqlServerDialect();

    private readonly Dictionary<SyntaxTree, SemanticModel> _models = [];
    private readonly Dictionary<IMethodSymbol, List<(IMethodSymbol Called, BaseArgumentListSyntax? Arguments, SemanticModel Model)>> _callSites =
        new(SymbolEqualityComparer.Default);

    private SourceSql()
    {
    }

    /// <summary>Each text with where it is sent from (file:line of the command site, and the call site that bound its parameters).</summary>
    public List<SqlText> Texts { get; } = [];

    /// <summary>Command sites or holes the evaluation could not follow: each must be taught to the collector or built at run time.</summary>
    public List<string> Unresolved { get; } = [];

    /// <summary>How many command sites were evaluated (those in <c>skipSites</c> files not included).</summary>
    public int Sites { get; private set; }

    /// <summary>The <see cref="ISqlDialect"/> members the texts were built with.</summary>
    public HashSet<string> DialectMembersUsed { get; } = new(StringComparer.Ordinal);

    /// <summary>Texts of the branches not taken because they are PostgreSQL's (a conditional on the dialect's provider).</summary>
    public List<string> PostgreSqlOnly { get; } = [];

    /// <summary>Pieces of string literals that read as SQL, with where they are: each must be part of a text that is checked.</summary>
    public List<(string Origin, string Piece)> SqlLiterals { get; } = [];

    /// <summary>Where a <see cref="RowInsert"/> is constructed.</summary>
    public List<string> RowInsertDeclarations { get; } = [];

    /// <summary>
    /// Reads the projects under <paramref name="root"/>. The command sites named in <paramref name="skipSites"/> (a file name, or
    /// "file|argument" for one site), with the reason, are not evaluated: their texts pass through from other sites, or are built at
    /// run time. Their files' literals are still listed.
    /// </summary>
    public static SourceSql Read(string root, IReadOnlyDictionary<string, string> skipSites)
    {
        ArgumentNullException.ThrowIfNull(skipSites);
        var references = References();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        var workers = CSharpCompilation.Create("Dispatch.Workers", Trees(root, "Dispatch.Workers"), references, options);
        var api = CSharpCompilation.Create("Dispatch.Api", Trees(root, "Dispatch.Api"), [.. references, workers.ToMetadataReference()], options);
        var source = new SourceSql();
        var sites = new List<(ExpressionSyntax Text, SemanticModel Model, bool Batched)>();
        foreach (var compilation in (CSharpCompilation[])[workers, api])
        {
            foreach (var tree in compilation.SyntaxTrees.Where(t => t.FilePath.Length > 0))
            {
                var model = source._models[tree] = compilation.GetSemanticModel(tree);
                var dialectSpecific = tree.FilePath.Contains($"{Path.DirectorySeparatorChar}PostgreSql{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
                if (dialectSpecific)
                {
                    continue;
                }

                source.ListSqlLiterals(tree, root);
                var file = Path.GetFileName(tree.FilePath);
                // Binding is what costs (it compiles the member around the node): only nodes that may send SQL are bound. A site missed
                // here still fails the literal check, because its SQL is then in no checked text.
                foreach (var node in tree.GetRoot().DescendantNodes().Where(MaySendSql))
                {
                    var (method, arguments) = node switch
                    {
                        InvocationExpressionSyntax invocation => (MethodOf(model, invocation), (BaseArgumentListSyntax?)invocation.ArgumentList),
                        BaseObjectCreationExpressionSyntax creation => (MethodOf(model, creation), creation.ArgumentList),
                        _ => (null, null),
                    };
                    if (method is not null && CommandTextParameter(method) is { } parameter && ArgumentFor(method, arguments, parameter) is { } text
                        && !skipSites.ContainsKey(file) && !skipSites.ContainsKey($"{file}|{text}"))
                    {
                        sites.Add((text, model, method.ContainingType.Name == nameof(SqlBatch)));
                    }
                }

                source.RowInsertDeclarations.AddRange(tree.GetRoot().DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>()
                    .Where(c => CreatedTypeName(c) == nameof(RowInsert)).Select(c => Where(c, root)));
            }
        }

        foreach (var (text, model, batched) in sites)
        {
            source.Evaluate(text, model, root, batched);
        }

        source.Sites = sites.Count;
        return source;
    }

    /// <summary>The calls of <paramref name="method"/> (by name first: only those are bound).</summary>
    private List<(IMethodSymbol Called, BaseArgumentListSyntax? Arguments, SemanticModel Model)> CallSitesOf(IMethodSymbol method)
    {
        if (_callSites.TryGetValue(method, out var calls))
        {
            return calls;
        }

        var name = method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.Name;
        calls = _callSites[method] = [];
        foreach (var (tree, model) in _models)
        {
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                var (named, arguments) = node switch
                {
                    InvocationExpressionSyntax invocation => (InvokedName(invocation) == name, (BaseArgumentListSyntax?)invocation.ArgumentList),
                    BaseObjectCreationExpressionSyntax creation => (CreatedTypeName(creation) is null || CreatedTypeName(creation) == name, creation.ArgumentList),
                    _ => (false, null),
                };
                if (named && MethodOf(model, node) is { } called
                    && SymbolEqualityComparer.Default.Equals((called.ReducedFrom ?? called).OriginalDefinition, method))
                {
                    calls.Add((called, arguments, model));
                }
            }
        }

        return calls;
    }

    /// <summary>
    /// An invocation that may be Dapper's or a <see cref="SqlBatch"/>'s Add (in a member that mentions SqlBatch), or a
    /// CommandDefinition: the command sites are among these.
    /// </summary>
    private static bool MaySendSql(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax invocation => InvokedName(invocation) is { } name
            && (name.StartsWith("Query", StringComparison.Ordinal) || name.StartsWith("Execute", StringComparison.Ordinal)
                || (name == nameof(SqlBatch.Add)
                    && invocation.Ancestors().OfType<MemberDeclarationSyntax>().FirstOrDefault()?.ToString().Contains(nameof(SqlBatch), StringComparison.Ordinal) == true)),
        ObjectCreationExpressionSyntax creation => CreatedTypeName(creation) == "CommandDefinition",
        _ => false,
    };

    private static string? InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The type a creation names; for a target-typed new(...), the type of the field or local it initialises, else null.</summary>
    private static string? CreatedTypeName(BaseObjectCreationExpressionSyntax creation) => creation switch
    {
        ObjectCreationExpressionSyntax { Type: var type } => (type as QualifiedNameSyntax)?.Right.Identifier.ValueText ?? (type as SimpleNameSyntax)?.Identifier.ValueText,
        ImplicitObjectCreationExpressionSyntax => creation.Ancestors().OfType<VariableDeclarationSyntax>().FirstOrDefault()?.Type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        },
        _ => null,
    };

    /// <summary>The parameter of <paramref name="method"/> that becomes a command's text, if it has one.</summary>
    private static string? CommandTextParameter(IMethodSymbol method)
    {
        var type = method.ContainingType.ToDisplayString();
        return type switch
        {
            "Dapper.CommandDefinition" when method.MethodKind == MethodKind.Constructor => "commandText",
            "Dapper.SqlMapper" => "sql",
            "Dispatch.Workers.Storage.SqlBatch" when method.Name == nameof(SqlBatch.Add) => "sql",
            _ => null,
        };
    }

    private void Evaluate(ExpressionSyntax text, SemanticModel model, string root, bool batched)
    {
        var site = Where(text, root);
        var pending = new Queue<(Env Env, string Via)>([(Env.Empty, "")]);
        var tried = 0;
        var (found, unresolved) = (Texts.Count, Unresolved.Count);
        while (pending.TryDequeue(out var attempt))
        {
            if (++tried > 1_000)
            {
                Unresolved.Add($"{site}: more than 1,000 ways to bind its parameters");
                return;
            }

            try
            {
                foreach (var value in Eval(text, model, attempt.Env, 0))
                {
                    if (value is string sql)
                    {
                        Texts.Add(new SqlText(site + attempt.Via, sql, batched));
                    }
                }
            }
            catch (NeedsBinding needs)
            {
                var calls = CallSitesOf(needs.Method);
                if (attempt.Env.Bound.Contains(needs.Method) || calls.Count == 0)
                {
                    Unresolved.Add($"{site}{attempt.Via}: {needs.Parameter} of {needs.Method.ToDisplayString()} has no call site to take it from");
                    continue;
                }

                foreach (var (called, arguments, callModel) in calls)
                {
                    pending.Enqueue((attempt.Env.Bind(needs.Method, called, arguments, callModel), $"{attempt.Via} via {Where(arguments ?? (SyntaxNode)callModel.SyntaxTree.GetRoot(), root)}"));
                }
            }
            catch (CannotEvaluate cannot)
            {
                Unresolved.Add($"{site}{attempt.Via}: {cannot.Message}");
            }
        }

        if (Texts.Count == found && Unresolved.Count == unresolved)
        {
            Unresolved.Add($"{site}: yields no text");
        }
    }

    /// <summary>The values <paramref name="expression"/> can take (strings, numbers, booleans, null).</summary>
    private List<object?> Eval(ExpressionSyntax expression, SemanticModel model, Env env, int depth)
    {
        if (depth > 50)
        {
            throw new CannotEvaluate($"'{expression}' nests too deep");
        }

        var constant = model.GetConstantValue(expression);
        if (constant.HasValue)
        {
            return [constant.Value];
        }

        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Eval(parenthesized.Expression, model, env, depth + 1);
            case InterpolatedStringExpressionSyntax interpolated:
                return Concatenate(interpolated.Contents.Select(content => content switch
                {
                    InterpolatedStringTextSyntax piece => [piece.TextToken.ValueText],
                    InterpolationSyntax hole => Hole(hole, model, env, depth),
                    _ => throw new CannotEvaluate($"'{content}' in an interpolated string"),
                }));
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression)
                                                    && model.GetTypeInfo(binary).Type?.SpecialType == SpecialType.System_String:
                return Concatenate([Eval(binary.Left, model, env, depth + 1), Eval(binary.Right, model, env, depth + 1)]);
            case ConditionalExpressionSyntax conditional:
                if (ProviderIsSqlServer(conditional.Condition, model) is { } sqlServer)
                {
                    var (taken, other) = sqlServer ? (conditional.WhenTrue, conditional.WhenFalse) : (conditional.WhenFalse, conditional.WhenTrue);
                    PostgreSqlOnly.AddRange(Attempt(() => Eval(other, model, env, depth + 1)).OfType<string>());
                    return Eval(taken, model, env, depth + 1);
                }

                return Limit([.. Eval(conditional.WhenTrue, model, env, depth + 1), .. Eval(conditional.WhenFalse, model, env, depth + 1)], expression);
            case SwitchExpressionSyntax @switch:
                return Limit([.. @switch.Arms.Where(a => a.Expression is not ThrowExpressionSyntax).SelectMany(a => Eval(a.Expression, model, env, depth + 1))],
                    expression);
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NullLiteralExpression):
                return [null];
            case InvocationExpressionSyntax invocation:
                return Invoke(invocation, model, env, depth);
            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                return Symbol(expression, model, env, depth);
            default:
                throw new CannotEvaluate($"'{expression}' ({expression.Kind()})");
        }
    }

    /// <summary>What PostgreSQL's branch yields, for the literal check only: nothing when it cannot be followed.</summary>
    private static List<object?> Attempt(Func<List<object?>> eval)
    {
        try
        {
            return eval();
        }
        catch (Exception e) when (e is NeedsBinding or CannotEvaluate)
        {
            return [];
        }
    }

    private List<object?> Hole(InterpolationSyntax hole, SemanticModel model, Env env, int depth)
    {
        if (hole.AlignmentClause is not null || hole.FormatClause is not null)
        {
            throw new CannotEvaluate($"'{hole}' is formatted");
        }

        var constant = model.GetConstantValue(hole.Expression);
        if (!constant.HasValue && model.GetTypeInfo(hole.Expression).Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64)
        {
            // A count or an index from run-time data (a row's parameter suffix, a substring length): its value does not change the grammar.
            return ["1"];
        }

        // A null hole is a text the code guards against sending (an optional column name left out): that alternative is dropped.
        return [.. Eval(hole.Expression, model, env, depth + 1).Where(v => v is not null).Select(v => (object?)Text(v))];
    }

    private List<object?> Symbol(ExpressionSyntax expression, SemanticModel model, Env env, int depth)
    {
        var symbol = model.GetSymbolInfo(expression).Symbol;
        switch (symbol)
        {
            case IPropertySymbol property when IsDialectMember(property):
                DialectMembersUsed.Add(property.Name);
                return [typeof(SqlServerDialect).GetProperty(property.Name)!.GetValue(Dialect)];
            case IPropertySymbol property:
                var body = property.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<PropertyDeclarationSyntax>()
                    .Select(p => p.ExpressionBody?.Expression ?? p.Initializer?.Value).FirstOrDefault(e => e is not null);
                return body is null
                    ? throw new CannotEvaluate($"property {property.ToDisplayString()} in '{expression}' has no expression to follow")
                    : Eval(body, ModelOf(body), env, depth + 1);
            case IFieldSymbol field:
                var initializer = field.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<VariableDeclaratorSyntax>()
                    .Select(d => d.Initializer?.Value).FirstOrDefault(e => e is not null);
                return initializer is null
                    ? throw new CannotEvaluate($"field {field.ToDisplayString()} in '{expression}' has no initializer")
                    : Eval(initializer, ModelOf(initializer), env, depth + 1);
            case ILocalSymbol local:
                return Local(local, expression, env, depth);
            case IParameterSymbol parameter:
                var key = parameter.OriginalDefinition;
                if (env.Values.TryGetValue(key, out var bound))
                {
                    return bound.Argument is null ? [bound.Default] : Eval(bound.Argument, bound.Model!, env, depth + 1);
                }

                if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: not MethodKind.AnonymousFunction } method)
                {
                    throw new NeedsBinding(method.OriginalDefinition, parameter.Name);
                }

                throw new CannotEvaluate($"'{expression}' is a lambda's parameter");
            default:
                throw new CannotEvaluate($"'{expression}' ({symbol?.Kind.ToString() ?? "unbound"})");
        }
    }

    private List<object?> Local(ILocalSymbol local, ExpressionSyntax expression, Env env, int depth)
    {
        var declarator = local.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<VariableDeclaratorSyntax>().FirstOrDefault()
            ?? throw new CannotEvaluate($"local '{expression}' is not declared with a value (a loop or pattern variable)");
        var model = ModelOf(declarator);
        var scope = declarator.Ancestors().OfType<BlockSyntax>().FirstOrDefault() ?? declarator.Parent!;
        var assigned = scope.DescendantNodes().OfType<AssignmentExpressionSyntax>()
            .Where(a => SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(a.Left).Symbol, local)).ToList();
        if (assigned.Any(a => !a.IsKind(SyntaxKind.SimpleAssignmentExpression)))
        {
            throw new CannotEvaluate($"local '{expression}' is built up by compound assignment");
        }

        var values = new List<object?>();
        if (declarator.Initializer is { } initializer)
        {
            values.AddRange(Eval(initializer.Value, model, env, depth + 1));
        }

        foreach (var assignment in assigned)
        {
            values.AddRange(Eval(assignment.Right, model, env, depth + 1));
        }

        return values.Count == 0 ? throw new CannotEvaluate($"local '{expression}' is never given a value") : Limit(values, expression);
    }

    private List<object?> Invoke(InvocationExpressionSyntax invocation, SemanticModel model, Env env, int depth)
    {
        var method = MethodOf(model, invocation) ?? throw new CannotEvaluate($"'{invocation}' does not bind to a method");
        if (IsDialectMember(method))
        {
            DialectMembersUsed.Add(method.Name);
            var target = typeof(SqlServerDialect).GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Single(m => m.Name == method.Name && m.GetParameters().Length == method.Parameters.Length);
            var alternatives = Product(invocation.ArgumentList.Arguments.Select(a => Eval(a.Expression, model, env, depth + 1)).ToList(), invocation);
            return [.. alternatives.Select(arguments => target.Invoke(Dialect, [.. arguments]))];
        }

        if (method.ContainingType.SpecialType == SpecialType.System_String && method.Name == nameof(string.Join)
            && invocation.ArgumentList.Arguments is [var separator, var list])
        {
            return [.. Eval(separator.Expression, model, env, depth + 1).Select(s => (object?)string.Join(Text(s), Elements(list.Expression, model, env, depth)))];
        }

        var declaration = method.OriginalDefinition.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).FirstOrDefault();
        var body = declaration switch
        {
            MethodDeclarationSyntax m => m.ExpressionBody?.Expression ?? SingleReturn(m.Body),
            LocalFunctionStatementSyntax f => f.ExpressionBody?.Expression ?? SingleReturn(f.Body),
            _ => null,
        };
        return body is null
            ? throw new CannotEvaluate($"'{invocation}' calls {method.ToDisplayString()}, which is not a method of one expression in the source")
            : Eval(body, ModelOf(body), env.Bind(method.OriginalDefinition, method, invocation.ArgumentList, model), depth + 1);
    }

    /// <summary>The elements a list local collects: what is added to it (one value each: the first it can take).</summary>
    private List<string> Elements(ExpressionSyntax list, SemanticModel model, Env env, int depth)
    {
        if (model.GetSymbolInfo(list).Symbol is not ILocalSymbol local
            || local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not VariableDeclaratorSyntax declarator)
        {
            throw new CannotEvaluate($"string.Join over '{list}', which is not a local list");
        }

        var scope = declarator.Ancestors().OfType<BlockSyntax>().First();
        var added = scope.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Add" } access
                        && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(access.Expression).Symbol, local))
            .Select(i => Text(Eval(i.ArgumentList.Arguments[0].Expression, model, env, depth + 1)[0]))
            .ToList();
        return added.Count == 0 ? throw new CannotEvaluate($"nothing is added to '{list}'") : added;
    }

    private static ExpressionSyntax? SingleReturn(BlockSyntax? body) =>
        body?.Statements is [ReturnStatementSyntax { Expression: { } value }] ? value : null;

    private static bool? ProviderIsSqlServer(ExpressionSyntax condition, SemanticModel model)
    {
        if (condition is not BinaryExpressionSyntax binary || !(binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression)))
        {
            return null;
        }

        var (left, right) = (model.GetSymbolInfo(binary.Left).Symbol, model.GetSymbolInfo(binary.Right).Symbol);
        var provider = (left as IFieldSymbol ?? right as IFieldSymbol) is { ContainingType.Name: nameof(DatabaseProvider) } field ? field : null;
        var asked = (left ?? right) is IPropertySymbol { Name: nameof(ISqlDialect.Provider) } || (right ?? left) is IPropertySymbol { Name: nameof(ISqlDialect.Provider) };
        if (provider is null || !asked)
        {
            return null;
        }

        var isSqlServer = provider.Name == nameof(DatabaseProvider.SqlServer);
        return binary.IsKind(SyntaxKind.EqualsExpression) ? isSqlServer : !isSqlServer;
    }

    private static bool IsDialectMember(ISymbol member) =>
        member.ContainingType is { } type
        && (type.Name == nameof(ISqlDialect) || type.AllInterfaces.Any(i => i.Name == nameof(ISqlDialect)))
        && type.ContainingNamespace.ToDisplayString().StartsWith("Dispatch.Workers.Storage", StringComparison.Ordinal);

    private static List<object?> Concatenate(IEnumerable<List<object?>> parts)
    {
        var texts = new List<string> { "" };
        foreach (var part in parts)
        {
            texts = [.. texts.SelectMany(t => part.Select(p => t + Text(p)))];
            if (texts.Count > MaxAlternatives)
            {
                throw new CannotEvaluate($"more than {MaxAlternatives} alternatives");
            }
        }

        return [.. texts];
    }

    private static List<object?[]> Product(List<List<object?>> arguments, SyntaxNode node)
    {
        var all = new List<object?[]> { Array.Empty<object?>() };
        foreach (var argument in arguments)
        {
            all = [.. all.SelectMany(a => argument.Select(v => (object?[])[.. a, v]))];
            if (all.Count > MaxAlternatives)
            {
                throw new CannotEvaluate($"more than {MaxAlternatives} alternatives in '{node}'");
            }
        }

        return all;
    }

    private static List<object?> Limit(List<object?> values, SyntaxNode node) =>
        values.Count > MaxAlternatives ? throw new CannotEvaluate($"more than {MaxAlternatives} alternatives in '{node}'") : values;

    private static string Text(object? value) => value switch
    {
        null => "",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static IMethodSymbol? MethodOf(SemanticModel model, SyntaxNode node)
    {
        var info = model.GetSymbolInfo(node);
        return (info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) as IMethodSymbol;
    }

    private static ExpressionSyntax? ArgumentFor(IMethodSymbol method, BaseArgumentListSyntax? arguments, string parameter)
    {
        for (var i = 0; i < (arguments?.Arguments.Count ?? 0); i++)
        {
            var argument = arguments!.Arguments[i];
            var name = argument.NameColon?.Name.Identifier.ValueText ?? (i < method.Parameters.Length ? method.Parameters[i].Name : null);
            if (name == parameter)
            {
                return argument.Expression;
            }
        }

        return null;
    }

    private SemanticModel ModelOf(SyntaxNode node) =>
        _models.TryGetValue(node.SyntaxTree, out var model) ? model : throw new CannotEvaluate($"'{node}' is outside the projects read");

    private void ListSqlLiterals(SyntaxTree tree, string root)
    {
        foreach (var token in tree.GetRoot().DescendantTokens())
        {
            if (token.Kind() is SyntaxKind.StringLiteralToken or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken
                or SyntaxKind.InterpolatedStringTextToken && ReadsAsSql(token.ValueText))
            {
                SqlLiterals.Add((Where(token.Parent!, root), token.ValueText));
            }
        }
    }

    /// <summary>
    /// A statement's beginning, a clause with a parameter, or a piece that starts with a clause and names a snake_case column or table
    /// (a fragment of a built text). Prose ("from and to go together") is none of these.
    /// </summary>
    public static bool ReadsAsSql(string piece) =>
        StatementStart().IsMatch(piece) || (Clause().IsMatch(piece) && piece.Contains('@', StringComparison.Ordinal))
        || (ClauseStart().IsMatch(piece) && piece.Contains('_', StringComparison.Ordinal));

    private static string Where(SyntaxNode node, string root)
    {
        var line = node.GetLocation().GetLineSpan();
        return $"{Path.GetRelativePath(root, line.Path)}:{line.StartLinePosition.Line + 1}";
    }

    private static IEnumerable<SyntaxTree> Trees(string root, string project)
    {
        var parse = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);
        var separator = Path.DirectorySeparatorChar;
        var files = Directory.EnumerateFiles(Path.Combine(root, project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        // The Web SDK's implicit usings (ImplicitUsings=enable), which the build writes into obj/.
        yield return CSharpSyntaxTree.ParseText("""
            global using global::Microsoft.AspNetCore.Builder;
            global using global::Microsoft.AspNetCore.Hosting;
            global using global::Microsoft.AspNetCore.Http;
            global using global::Microsoft.AspNetCore.Routing;
            global using global::Microsoft.Extensions.Configuration;
            global using global::Microsoft.Extensions.DependencyInjection;
            global using global::Microsoft.Extensions.Hosting;
            global using global::Microsoft.Extensions.Logging;
            global using global::System;
            global using global::System.Collections.Generic;
            global using global::System.IO;
            global using global::System.Linq;
            global using global::System.Net.Http;
            global using global::System.Net.Http.Json;
            global using global::System.Threading;
            global using global::System.Threading.Tasks;
            """, parse);
        foreach (var file in files)
        {
            yield return CSharpSyntaxTree.ParseText(File.ReadAllText(file), parse, path: file);
        }
    }

    /// <summary>The assemblies this test run loads from (the framework's and the packages'), less the projects read as source.</summary>
    private static List<MetadataReference> References()
    {
        var platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return
        [
            .. platform.Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
                .Where(p => Path.GetFileName(p) is not ("Dispatch.Workers.dll" or "Dispatch.Api.dll" or "Dispatch.Tests.dll"))
                .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)),
        ];
    }

    [GeneratedRegex(@"(?i)^\s*(select|insert|update|delete|merge|with|declare|exec|create|alter|drop)\s")]
    private static partial Regex StatementStart();

    [GeneratedRegex(@"(?i)^\s*(from|where|join|order\s+by|group\s+by|values|set)\s+[a-z_@(]")]
    private static partial Regex ClauseStart();

    [GeneratedRegex(@"(?i)\b(from|where|join|order\s+by|group\s+by|values|set)\s+[a-z_@(]")]
    private static partial Regex Clause();

    /// <summary>What a method's parameters are bound to: an argument at one call site, or the parameter's default.</summary>
    private sealed record Env(ImmutableDictionary<IParameterSymbol, (ExpressionSyntax? Argument, SemanticModel? Model, object? Default)> Values,
        ImmutableHashSet<IMethodSymbol> Bound)
    {
        public static Env Empty { get; } = new(
            ImmutableDictionary.Create<IParameterSymbol, (ExpressionSyntax?, SemanticModel?, object?)>(SymbolEqualityComparer.Default),
            ImmutableHashSet.Create<IMethodSymbol>(SymbolEqualityComparer.Default));

        public Env Bind(IMethodSymbol definition, IMethodSymbol called, BaseArgumentListSyntax? arguments, SemanticModel model)
        {
            var values = Values;
            foreach (var parameter in definition.Parameters)
            {
                var argument = ArgumentFor(called, arguments, parameter.Name);
                values = values.SetItem(parameter, argument is null
                    ? (null, null, parameter.HasExplicitDefaultValue ? parameter.ExplicitDefaultValue : null)
                    : (argument, model, null));
            }

            return new Env(values, Bound.Add(definition));
        }
    }

    private sealed class NeedsBinding(IMethodSymbol method, string parameter) : Exception($"{parameter} of {method}")
    {
        public IMethodSymbol Method { get; } = method;

        public string Parameter { get; } = parameter;
    }

    private sealed class CannotEvaluate(string message) : Exception(message);
}

/// <summary>A SQL text and where it is sent from; <paramref name="Batched"/>: added to a <see cref="SqlBatch"/>.</summary>
internal sealed record SqlText(string Origin, string Text, bool Batched = false);
