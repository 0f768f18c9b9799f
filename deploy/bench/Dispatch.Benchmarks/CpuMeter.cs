using System.Globalization;

namespace Dispatch.Benchmarks;

/// <summary>
/// CPU time by part of the system, from /proc: this benchmark's own process (the load generator, or the raw pipeline), the
/// Api, the Workers, PostgreSQL (every <c>postgres</c> process, with the time of backends that exited, which their parent
/// collects) and RabbitMQ (the Erlang VM). Two readings a window apart say what each part spent per case.
/// </summary>
public static class CpuMeter
{
    public const string Bench = "bench process";

    public const string Api = "Api";

    public const string Workers = "Workers";

    public const string PostgreSql = "PostgreSQL";

    public const string RabbitMq = "RabbitMQ";

    private const double TicksPerSecond = 100; // USER_HZ: 100 on every Linux the benchmark runs on.

    /// <summary>Seconds of CPU (user + system) spent so far by each part; <paramref name="api"/>/<paramref name="workers"/> are process ids.</summary>
    public static Dictionary<string, double> Read(int? api, IReadOnlyCollection<int> workers)
    {
        var seconds = new Dictionary<string, double> { [Bench] = 0, [Api] = 0, [Workers] = 0, [PostgreSql] = 0, [RabbitMq] = 0 };
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            var part = pid == Environment.ProcessId ? Bench
                : pid == api ? Api
                : workers.Contains(pid) ? Workers
                : Command(stat) switch
                {
                    "postgres" => PostgreSql,
                    "beam.smp" or "erl_child_setup" or "inet_gethost" or "epmd" => RabbitMq,
                    _ => null,
                };
            if (part is not null)
            {
                seconds[part] += Ticks(stat) / TicksPerSecond;
            }
        }

        return seconds;
    }

    /// <summary>What each part spent between two readings.</summary>
    public static Dictionary<string, double> Between(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key));

    // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so fields are counted after the last ')'.
    private static string Command(string stat) => stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];

    // Fields 14-17 (1-based): utime, stime, cutime, cstime. A postmaster's cutime/cstime hold its exited backends' time.
    private static long Ticks(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so field N is fields[N - 3].
        return Enumerable.Range(14, 4).Sum(n => long.Parse(fields[n - 3], CultureInfo.InvariantCulture));
    }
}
