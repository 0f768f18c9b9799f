using Mono.Cecil;
using Mono.Cecil.Cil;
using NetArchTest.Rules;

namespace Dispatch.Tests.Support;

/// <summary>
/// A type that names nothing from <paramref name="namespaces"/> (each with the namespaces under it): not in its base type, interfaces,
/// attributes, fields, properties, signatures, locals or instructions, nor in any type nested in it at any depth. NetArchTest 1.3.2's
/// own <c>NotHaveDependencyOn</c> misses a dependency inside an async lambda (a state machine nested two levels down, such as
/// DeadlineExplanation's Dapper calls); this rule is what the purity spec trusts, NetArchTest's is checked beside it.
/// </summary>
internal sealed class NoDependencyOn(params string[] namespaces) : ICustomRule
{
    /// <summary>What each failing type names from the forbidden namespaces.</summary>
    public Dictionary<string, SortedSet<string>> Found { get; } = new(StringComparer.Ordinal);

    public bool MeetsRule(TypeDefinition type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        Walk(type, found);
        if (found.Count > 0)
        {
            Found[type.FullName] = found;
        }

        return found.Count == 0;
    }

    private void Walk(TypeDefinition type, SortedSet<string> found)
    {
        Check(type.BaseType, found);
        Attributes(type, found);
        foreach (var implemented in type.Interfaces)
        {
            Check(implemented.InterfaceType, found);
        }

        foreach (var field in type.Fields)
        {
            Check(field.FieldType, found);
            Attributes(field, found);
        }

        foreach (var property in type.Properties)
        {
            Check(property.PropertyType, found);
            Attributes(property, found);
        }

        foreach (var method in type.Methods)
        {
            Method(method, found);
        }

        foreach (var nested in type.NestedTypes)
        {
            Walk(nested, found);
        }
    }

    private void Method(MethodDefinition method, SortedSet<string> found)
    {
        Check(method.ReturnType, found);
        Attributes(method, found);
        foreach (var parameter in method.Parameters)
        {
            Check(parameter.ParameterType, found);
        }

        if (!method.HasBody)
        {
            return;
        }

        foreach (var local in method.Body.Variables)
        {
            Check(local.VariableType, found);
        }

        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference type:
                    Check(type, found);
                    break;
                case MethodReference called:
                    Check(called.DeclaringType, found);
                    Check(called.ReturnType, found);
                    foreach (var parameter in called.Parameters)
                    {
                        Check(parameter.ParameterType, found);
                    }

                    if (called is GenericInstanceMethod generic)
                    {
                        foreach (var argument in generic.GenericArguments)
                        {
                            Check(argument, found);
                        }
                    }

                    break;
                case FieldReference field:
                    Check(field.DeclaringType, found);
                    Check(field.FieldType, found);
                    break;
                case CallSite site:
                    Check(site.ReturnType, found);
                    break;
            }
        }
    }

    private void Attributes(ICustomAttributeProvider provider, SortedSet<string> found)
    {
        foreach (var attribute in provider.CustomAttributes)
        {
            Check(attribute.AttributeType, found);
        }
    }

    private void Check(TypeReference? type, SortedSet<string> found)
    {
        switch (type)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType generic:
                Check(generic.ElementType, found);
                foreach (var argument in generic.GenericArguments)
                {
                    Check(argument, found);
                }

                return;
            case TypeSpecification specification:
                Check(specification.ElementType, found);
                return;
        }

        var outermost = type;
        while (outermost.DeclaringType is not null)
        {
            outermost = outermost.DeclaringType;
        }

        if (namespaces.Any(n => outermost.Namespace == n || outermost.Namespace.StartsWith(n + ".", StringComparison.Ordinal)))
        {
            found.Add(type.FullName);
        }
    }
}
