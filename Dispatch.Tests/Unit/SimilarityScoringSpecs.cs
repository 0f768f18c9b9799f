using Dispatch.Tests.Support;
using Dispatch.Workers.Cases;
using Dispatch.Workers.RepeatCalls;

namespace Dispatch.Tests.Unit;

/// <summary>
/// How a call is scored against a candidate case: each signal and its reason, the weights, the threshold, the text similarity, the
/// distance and the time decay; pairs written for these specs (the labelled set's figures are the benchmark's, docs/benchmarks.md).
/// </summary>
[Category("Unit")]
public sealed class SimilarityScoringSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 6, 30, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly SimilarCasesOptions Defaults = new();

    private static SimilarityProbe Probe(
        string category = "010202", string? community = "DM-S02-C01", string? grid = "DM-S02-C01-G01", string? address = "翠苑一区5幢",
        double? lat = null, double? lng = null, string title = "楼上装修噪音扰民",
        string content = "翠苑一区5幢602每天早上7点开始装修电钻声，周末也不停，严重影响休息。", string? phone = "13800138000",
        bool confidential = false, Guid? caseId = null) =>
        new(category, CategoryFamily.Of(DemoCatalogue.Instance, category),
            new CaseLocation("DM", community is null ? null : "DM-S02", community, grid, address, lat, lng), title, content,
            new Caller("张三", phone, confidential), Now, caseId);

    private static SimilarityCandidate Candidate(
        string category = "010202", string? community = "DM-S02-C01", string? grid = "DM-S02-C01-G01", string? address = "翠苑一区5幢",
        double? lat = null, double? lng = null, string title = "5幢装修噪声", string content = "邻居602室装修，早上七点就开电钻，周末照样施工，吵得没法休息。",
        bool sameCaller = false, bool confidential = false, double hoursBefore = 2, Guid? id = null, Guid? master = null) =>
        new()
        {
            Id = id ?? Guid.NewGuid(), Number = "260630000011", Status = "dispatched", CategoryCode = category, CommunityCode = community,
            GridCode = grid, Address = address, Latitude = lat, Longitude = lng, Title = title, Content = content, SameCaller = sameCaller ? 1 : 0,
            CallerConfidential = confidential, FiledAt = Now.AddHours(-hoursBefore), MasterCaseId = master,
        };

    private static SimilaritySignals Signals(SimilarityProbe probe, SimilarityCandidate candidate, SimilarCasesOptions? options = null) =>
        SimilarityScoring.Signals(probe, [candidate], options ?? Defaults)[0];

    private static (double Score, IReadOnlyList<SimilarityReason> Reasons) Scored(SimilarityProbe probe, SimilarityCandidate candidate,
        SimilarCasesOptions? options = null) =>
        SimilarityScoring.Weigh(Signals(probe, candidate, options), (options ?? Defaults).Weights);

    private static double TextSimilarity(SimilarityProbe probe, SimilarityCandidate candidate) =>
        SimilarityScoring.TextSimilarity(probe, CandidateText.Of(probe, candidate), TextRarity.Uniform);

    private static SimilarityReason? Reason(IReadOnlyList<SimilarityReason> reasons, string kind) => reasons.SingleOrDefault(r => r.Kind == kind);

    [Test]
    public void The_same_leaf_category_is_a_full_match_and_a_sister_category_of_the_family_half_of_one()
    {
        var same = Scored(Probe(), Candidate()).Reasons;
        var sister = Scored(Probe(), Candidate(category: "010201")).Reasons;
        var other = Scored(Probe(), Candidate(category: "070101")).Reasons;
        var weight = Defaults.Weights.Category / Defaults.Weights.Sum;

        Assert.Multiple(() =>
        {
            Assert.That(Reason(same, "same-category"), Is.EqualTo(new SimilarityReason("same-category", Math.Round(weight, 3)) { Code = "010202" }));
            Assert.That(Reason(sister, "same-family"), Is.EqualTo(new SimilarityReason("same-family", Math.Round(weight * 0.5, 3)) { Code = "010200" }));
            Assert.That(Reason(sister, "same-category"), Is.Null);
            Assert.That(other.Select(r => r.Kind), Has.None.StartsWith("same-categ").And.None.EqualTo("same-family"));
        });
    }

    [Test]
    public void A_category_family_is_the_second_level_with_every_code_in_it()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CategoryFamily.Of(DemoCatalogue.Instance, "010202"), Is.EqualTo(new CategoryFamily("010200", ["010200", "010201", "010202", "010203"]))
                .Using<CategoryFamily>((a, b) => a.Code == b.Code && a.Members.SequenceEqual(b.Members)));
            Assert.That(CategoryFamily.Of(DemoCatalogue.Instance, "010200").Code, Is.EqualTo("010200"), "a second-level code is its own family");
            Assert.That(CategoryFamily.Of(DemoCatalogue.Instance, "050000").Members, Is.EqualTo(new[] { "050000", "050100", "050101", "050102" }));
            Assert.That(CategoryFamily.Of(DemoCatalogue.Instance, "999999").Members, Is.EqualTo(new[] { "999999" }), "unknown: itself");
        });
    }

    [Test]
    public void The_place_is_the_strongest_of_address_nearby_grid_and_community()
    {
        var weight = Defaults.Weights.Place / Defaults.Weights.Sum;
        var address = Scored(Probe(address: "翠苑一区 5栋"), Candidate(address: "西湖区翠苑一区5号楼")).Reasons;
        var grid = Scored(Probe(address: null), Candidate()).Reasons;
        var community = Scored(Probe(address: null), Candidate(grid: "DM-S02-C01-G02")).Reasons;
        var elsewhere = Scored(Probe(address: null), Candidate(community: "DM-S03-C01", grid: "DM-S03-C01-G01")).Reasons;

        Assert.Multiple(() =>
        {
            Assert.That(address.Where(r => r.Kind is "same-address" or "similar-address" or "same-grid" or "same-community" or "nearby"),
                Is.EqualTo(new[] { new SimilarityReason("same-address", Math.Round(weight, 3)) }), "only the strongest place is a reason");
            Assert.That(Reason(grid, "same-grid"), Is.EqualTo(new SimilarityReason("same-grid", Math.Round(weight * 0.8, 3)) { Code = "DM-S02-C01-G01" }));
            Assert.That(Reason(community, "same-community"), Is.EqualTo(new SimilarityReason("same-community", Math.Round(weight * 0.5, 3)) { Code = "DM-S02-C01" }));
            Assert.That(elsewhere.Select(r => r.Kind), Has.None.AnyOf("same-address", "same-grid", "same-community", "nearby"));
        });
    }

    [Test]
    public void An_address_written_alike_is_a_similar_address_by_how_alike_it_reads()
    {
        var weight = Defaults.Weights.Place / Defaults.Weights.Sum;
        var road = Reason(Scored(Probe(community: null, grid: null, address: "振华路149号附近"),
            Candidate(community: null, grid: null, address: "振华路147号门口")).Reasons, "similar-address");
        var estate = Reason(Scored(Probe(community: null, grid: null, address: "翠苑一区北苑"),
            Candidate(community: null, grid: null, address: "翠苑一区北苑3幢")).Reasons, "similar-address");
        var unit = Scored(Probe(community: null, grid: null, address: "嘉绿苑26号楼"), Candidate(community: null, grid: null, address: "嘉绿苑26幢1单元")).Reasons;
        var otherRoad = Scored(Probe(community: null, grid: null, address: "振华路149号附近"), Candidate(community: null, grid: null, address: "华联西路23号")).Reasons;

        Assert.Multiple(() =>
        {
            // 振华 华路 路1 14 of 8 bigrams each: 2·4/16.
            Assert.That(road, Is.EqualTo(new SimilarityReason("similar-address", Math.Round(weight * 0.5, 3)) { Similarity = 0.5 }));
            Assert.That(estate?.Similarity, Is.EqualTo(0.83), "an estate alone is not the same address as one of its buildings, but reads alike");
            Assert.That(Reason(unit, "same-address"), Is.Not.Null, "the same building, one with its unit");
            Assert.That(otherRoad.Select(r => r.Kind), Has.None.AnyOf("same-address", "similar-address"));
        });
    }

    [Test]
    public void Coordinates_within_the_radius_are_nearby_with_the_distance_and_closer_is_stronger()
    {
        // 0.001° of latitude is 111 m; 0.004° is 445 m, inside the default 500 m; 0.006° (667 m) is not.
        var close = Scored(Probe(community: null, grid: null, address: null, lat: 30.28, lng: 120.13),
            Candidate(community: null, grid: null, address: null, lat: 30.281, lng: 120.13)).Reasons;
        var farther = Scored(Probe(community: null, grid: null, address: null, lat: 30.28, lng: 120.13),
            Candidate(community: null, grid: null, address: null, lat: 30.284, lng: 120.13)).Reasons;
        var outside = Scored(Probe(community: null, grid: null, address: null, lat: 30.28, lng: 120.13),
            Candidate(community: null, grid: null, address: null, lat: 30.286, lng: 120.13)).Reasons;
        var noCoordinates = Scored(Probe(community: null, grid: null, address: null), Candidate(community: null, grid: null, address: null, lat: 30.28, lng: 120.13)).Reasons;

        Assert.Multiple(() =>
        {
            Assert.That(Reason(close, "nearby")?.Metres, Is.EqualTo(111));
            Assert.That(Reason(farther, "nearby")?.Metres, Is.EqualTo(445));
            Assert.That(Reason(close, "nearby")!.Points, Is.GreaterThan(Reason(farther, "nearby")!.Points));
            Assert.That(Reason(outside, "nearby"), Is.Null);
            Assert.That(Reason(noCoordinates, "nearby"), Is.Null);
        });
    }

    [Test]
    public void The_haversine_distance_matches_known_ones()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GeoCells.Metres(30, 120, 31, 120), Is.EqualTo(111_195).Within(5), "a degree of latitude");
            Assert.That(GeoCells.Metres(30, 120, 30, 121), Is.EqualTo(96_297).Within(5), "a degree of longitude at 30° N");
            // Beijing to Shanghai, 1,067 km as the crow flies; and the spherical law of cosines, another formula, agrees to the metre.
            Assert.That(GeoCells.Metres(39.9042, 116.4074, 31.2304, 121.4737), Is.EqualTo(1_067_312).Within(1_000));
            Assert.That(GeoCells.Metres(30.2589, 120.1520, 30.2906, 120.2126), Is.EqualTo(LawOfCosines(30.2589, 120.1520, 30.2906, 120.2126)).Within(1));
            Assert.That(GeoCells.Metres(30.28, 120.13, 30.28, 120.13), Is.Zero);
        });
    }

    private static double LawOfCosines(double lat1, double lng1, double lat2, double lng2)
    {
        static double R(double d) => d * Math.PI / 180;
        return 6_371_008.8 * Math.Acos((Math.Sin(R(lat1)) * Math.Sin(R(lat2))) + (Math.Cos(R(lat1)) * Math.Cos(R(lat2)) * Math.Cos(R(lng2 - lng1))));
    }

    [TestCase(30.28, 120.13, 500)]
    [TestCase(30.2899, 120.1399, 500)]
    [TestCase(30.2801, 120.1301, 2000)]
    [TestCase(45.75, 126.63, 2000)]
    [TestCase(-33.87, 151.21, 800)]
    [TestCase(40.71, -74.01, 800)]
    public void The_cells_around_a_point_hold_every_point_within_the_radius(double lat, double lng, double radius)
    {
        var around = GeoCells.Around(lat, lng, radius).ToHashSet();
        var random = new Random(12345);
        var missed = new List<(double, double)>();
        for (var i = 0; i < 2_000; i++)
        {
            // Points on and inside the circle, in every direction.
            var bearing = random.NextDouble() * 2 * Math.PI;
            var metres = i % 4 == 0 ? radius * 0.999 : random.NextDouble() * radius;
            var pointLat = lat + (metres * Math.Cos(bearing) / 111_195);
            var pointLng = lng + (metres * Math.Sin(bearing) / (111_195 * Math.Cos(lat * Math.PI / 180)));
            if (GeoCells.Metres(lat, lng, pointLat, pointLng) <= radius && !around.Contains(GeoCells.Of(pointLat, pointLng)))
            {
                missed.Add((pointLat, pointLng));
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(missed, Is.Empty);
            Assert.That(around, Has.Count.LessThanOrEqualTo(radius <= 1000 ? 9 : 36), "a few cells, not a scan");
        });
    }

    [Test]
    public void A_cell_is_the_whole_hundredths_of_both_degrees()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GeoCells.Of(30.2899, 120.1301), Is.EqualTo(3028L * 100_000 + 12013));
            Assert.That(GeoCells.Of(-33.871, 151.209), Is.EqualTo(-3388L * 100_000 + 15120));
            Assert.That(GeoCells.Of(40.71, -74.011), Is.EqualTo(4071L * 100_000 - 7402));
        });
    }

    [Test]
    public void Texts_compare_by_character_bigrams_without_glue_characters_punctuation_or_full_width_forms()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TextSignature.Of("楼上的噪音").Dice(TextSignature.Of("楼上噪音")), Is.EqualTo(1), "的 is glue");
            Assert.That(TextSignature.Of("５幢，ABC！").Dice(TextSignature.Of("5幢 abc")), Is.EqualTo(1), "full-width and case");
            Assert.That(TextSignature.Of("停水").Dice(TextSignature.Of("停电")), Is.Zero);
            Assert.That(TextSignature.Of("小区停水").Dice(TextSignature.Of("小区停水三天")), Is.EqualTo(2.0 * 3 / (3 + 5)).Within(1e-9));
            Assert.That(TextSignature.Of("停 水").Dice(TextSignature.Of("水 停")), Is.EqualTo(1), "lone characters count on their own");
            Assert.That(TextSignature.Of("").Dice(TextSignature.Of("停水")), Is.Zero);
            Assert.That(TextSignature.Of("，。！").Count, Is.Zero);
        });
    }

    [Test]
    public void The_hotline_s_boilerplate_does_not_make_two_different_problems_alike()
    {
        var water = TextSignature.Of("市民来电反映：小区停水两天，要求相关部门尽快处理。");
        var light = TextSignature.Of("市民来电反映：路灯不亮一周，要求相关部门尽快处理。");
        var plain = (TextSignature.Of("小区停水两天").Dice(TextSignature.Of("路灯不亮一周")));

        Assert.Multiple(() =>
        {
            Assert.That(water.Dice(light), Is.LessThan(0.15));
            Assert.That(plain, Is.Zero);
        });
    }

    [Test]
    public void Two_wordings_of_one_problem_read_alike_and_the_same_street_s_other_problem_does_not()
    {
        var probe = Probe();
        var duplicate = TextSimilarity(probe, Candidate());
        var otherProblem = TextSimilarity(probe, Candidate(title: "5幢楼道堆放杂物", content: "翠苑一区5幢楼道里堆满纸箱和旧家具，存在消防隐患。"));
        var unrelated = TextSimilarity(probe, Candidate(title: "公交车不按站停靠", content: "12路公交在学院路站经常不停车，乘客上不了车。"));

        Assert.Multiple(() =>
        {
            Assert.That(duplicate, Is.GreaterThan(0.2));
            Assert.That(otherProblem, Is.LessThan(duplicate / 2));
            Assert.That(unrelated, Is.LessThan(0.05));
        });
    }

    [Test]
    public void Among_many_cases_of_one_kind_what_only_the_same_event_shares_weighs_most()
    {
        // Two hundred complaints about expired milk at other shops, and one about the same shop: every one shares 过期 and 牛奶 with the call.
        var probe = Probe(category: "040101", community: null, grid: null, address: null, title: "惠民超市卖过期牛奶", content: "在惠民超市买的牛奶已经过期五天。");
        var others = Enumerable.Range(1, 200).Select(i => Candidate(category: "040101", community: null, grid: null, address: null,
            title: $"第{i}家超市卖过期牛奶", content: $"在第{i}家超市买的牛奶已经过期了。")).ToList();
        var sameShop = Candidate(category: "040101", community: null, grid: null, address: null, title: "惠民超市过期食品", content: "惠民超市货架上的酸奶过期了还在卖。");
        var signals = SimilarityScoring.Signals(probe, [.. others, sameShop], Defaults);
        var plain = others.Select(o => TextSimilarity(probe, o)).Max();

        Assert.Multiple(() =>
        {
            Assert.That(TextSimilarity(probe, sameShop), Is.LessThan(plain), "word for word, another shop's milk reads closer");
            Assert.That(signals[^1].TextSimilarity, Is.GreaterThan(signals.Take(200).Max(s => s.TextSimilarity)), "weighted by rarity, the same shop does");
            Assert.That(TextRarity.Uniform.Weight(42), Is.EqualTo(1));
        });
    }

    [Test]
    public void Among_a_handful_of_cases_every_bigram_weighs_almost_alike()
    {
        var a = TextSignature.Of("楼上漏水");
        var b = TextSignature.Of("楼上渗水");
        var rarity = TextRarity.Among([a, b]);
        var shared = rarity.Weight(a.Tokens.ToArray().Intersect(b.Tokens.ToArray()).Single());
        var once = rarity.Weight(b.Tokens.ToArray().Except(a.Tokens.ToArray()).First());

        Assert.Multiple(() =>
        {
            Assert.That(shared / once, Is.InRange(0.75, 1.0));
            Assert.That(a.Dice(b, rarity), Is.EqualTo(a.Dice(b)).Within(0.05));
            Assert.That(a.Dice(b, TextRarity.Uniform), Is.EqualTo(a.Dice(b)));
        });
    }

    [Test]
    public void The_same_caller_counts_only_when_neither_caller_is_confidential()
    {
        var weight = Defaults.Weights.Caller / Defaults.Weights.Sum;

        Assert.Multiple(() =>
        {
            Assert.That(Reason(Scored(Probe(), Candidate(sameCaller: true)).Reasons, "same-caller"),
                Is.EqualTo(new SimilarityReason("same-caller", Math.Round(weight, 3))));
            Assert.That(Reason(Scored(Probe(), Candidate(sameCaller: true, confidential: true)).Reasons, "same-caller"), Is.Null,
                "the candidate's caller is confidential");
            Assert.That(Reason(Scored(Probe(confidential: true), Candidate(sameCaller: true)).Reasons, "same-caller"), Is.Null,
                "the call's caller is confidential");
            Assert.That(Probe(confidential: true).ComparablePhone, Is.Null, "so the phone is not even asked about");
            Assert.That(Reason(Scored(Probe(), Candidate(sameCaller: false)).Reasons, "same-caller"), Is.Null);
        });
    }

    [Test]
    public void The_time_between_halves_its_points_every_half_life()
    {
        var weight = Defaults.Weights.Time / Defaults.Weights.Sum;
        var halfLife = Defaults.TimeHalfLifeHours;
        var together = Reason(Scored(Probe(), Candidate(hoursBefore: 0)).Reasons, "filed-apart");
        var oneHalfLife = Reason(Scored(Probe(), Candidate(hoursBefore: halfLife)).Reasons, "filed-apart");
        var twoHalfLives = Reason(Scored(Probe(), Candidate(hoursBefore: 2 * halfLife)).Reasons, "filed-apart");
        var later = Signals(Probe(), Candidate(hoursBefore: -halfLife));

        Assert.Multiple(() =>
        {
            Assert.That(together, Is.EqualTo(new SimilarityReason("filed-apart", Math.Round(weight, 3)) { Hours = 0 }));
            Assert.That(oneHalfLife, Is.EqualTo(new SimilarityReason("filed-apart", Math.Round(weight / 2, 3)) { Hours = halfLife }));
            Assert.That(twoHalfLives!.Points, Is.EqualTo(Math.Round(weight / 4, 3)));
            Assert.That(later.Time, Is.EqualTo(0.5).Within(1e-9), "a case filed after the probe is as far in time");
            Assert.That(Signals(Probe(), Candidate(hoursBefore: 60 * 24)).Time, Is.LessThan(0.001));
        });
    }

    [Test]
    public void The_score_is_the_sum_of_its_reasons_points_and_only_the_weights_proportions_count()
    {
        var doubled = new SimilarCasesOptions
        {
            Weights = new SimilarityWeights { Category = 0.4, Place = 0.5, Text = 0.7, Caller = 0.2, Time = 0.2 },
        };
        var (score, reasons) = Scored(Probe(), Candidate(sameCaller: true));

        Assert.Multiple(() =>
        {
            Assert.That(score, Is.EqualTo(Math.Round(reasons.Sum(r => r.Points), 3)));
            Assert.That(reasons.Select(r => r.Points), Is.Ordered.Descending);
            Assert.That(Scored(Probe(), Candidate(sameCaller: true), doubled).Score, Is.EqualTo(score));
            Assert.That(score, Is.InRange(0, 1));
        });
    }

    [Test]
    public void A_signal_without_weight_gives_neither_points_nor_a_reason()
    {
        var noText = new SimilarCasesOptions { Weights = new SimilarityWeights { Text = 0 } };
        var (_, reasons) = Scored(Probe(), Candidate(), noText);

        Assert.That(reasons.Select(r => r.Kind), Has.None.EqualTo("similar-text").And.Contains("same-category"));
    }

    [Test]
    public void A_duplicate_scores_above_the_threshold_and_near_misses_below_it()
    {
        var duplicate = Scored(Probe(), Candidate(hoursBefore: 3)).Score;
        var sameStreetOtherProblem = Scored(Probe(), Candidate(category: "010101", title: "5幢楼道堆放杂物",
            content: "翠苑一区5幢楼道里堆满纸箱和旧家具，存在消防隐患。", hoursBefore: 3)).Score;
        var sameProblemElsewhere = Scored(Probe(), Candidate(community: "DM-S04-C02", grid: "DM-S04-C02-G01", address: "振华社区12幢",
            title: "12幢装修噪音", content: "振华社区12幢有住户早上七点装修，电钻声很大，影响休息。", hoursBefore: 3)).Score;

        Assert.Multiple(() =>
        {
            Assert.That(duplicate, Is.GreaterThanOrEqualTo(Defaults.Threshold));
            Assert.That(sameStreetOtherProblem, Is.LessThan(Defaults.Threshold));
            Assert.That(sameProblemElsewhere, Is.LessThan(Defaults.Threshold));
        });
    }

    [Test]
    public void Ranking_keeps_what_reaches_the_threshold_best_first_up_to_the_limit_without_the_case_itself_or_its_merged_cases()
    {
        var own = Guid.NewGuid();
        var probe = Probe(caseId: own);
        var options = new SimilarCasesOptions { Limit = 2 };
        var candidates = new[]
        {
            Candidate(id: own),
            Candidate(master: own, hoursBefore: 0.5),
            Candidate(category: "070101", community: "DM-S04-C02", grid: null, address: null, title: "停水", content: "振华社区停水"),
            Candidate(hoursBefore: 30),
            Candidate(hoursBefore: 1),
            Candidate(hoursBefore: 5),
        };
        var named = candidates.Select((c, i) => new SimilarityCandidate
        {
            Id = c.Id, Number = $"26063000{i:0000}", Status = c.Status, CategoryCode = c.CategoryCode, CommunityCode = c.CommunityCode,
            GridCode = c.GridCode, Address = c.Address, Title = c.Title, Content = c.Content, FiledAt = c.FiledAt, MasterCaseId = c.MasterCaseId,
        }).ToList();

        var ranked = SimilarCaseFinder.Rank(probe, named, options);
        var all = SimilarCaseFinder.Rank(probe, named, new SimilarCasesOptions { Limit = 50, Threshold = 0 });

        Assert.Multiple(() =>
        {
            Assert.That(ranked.Select(c => c.Number), Is.EqualTo(new[] { "260630000004", "260630000005" }));
            Assert.That(ranked.Select(c => c.Score), Is.Ordered.Descending);
            Assert.That(all.Select(c => c.Number), Has.None.EqualTo("260630000000").And.None.EqualTo("260630000001"),
                "neither the case itself nor a case merged into it, whatever the threshold");
            Assert.That(all, Has.Count.EqualTo(4));
            Assert.That(SimilarCaseFinder.Rank(probe, named, new SimilarCasesOptions { Threshold = 0.99 }), Is.Empty);
        });
    }

    [Test]
    public void Addresses_compare_as_written_places()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AddressKey.Same(AddressKey.Of("翠苑一区 5栋"), AddressKey.Of("西湖区翠苑一区5号楼")), Is.True);
            Assert.That(AddressKey.Same(AddressKey.Of("翠苑一区５幢。"), AddressKey.Of("翠苑一区5幢")), Is.True);
            Assert.That(AddressKey.Same(AddressKey.Of("翠苑一区5幢"), AddressKey.Of("翠苑一区6幢")), Is.False);
            Assert.That(AddressKey.Same(AddressKey.Of("5幢"), AddressKey.Of("翠苑一区5幢")), Is.False, "too short to mean a place");
            Assert.That(AddressKey.Same(AddressKey.Of("嘉绿苑26号楼"), AddressKey.Of("嘉绿苑26幢1单元101室")), Is.True, "the unit and room added");
            Assert.That(AddressKey.Same(AddressKey.Of("翠苑一区北苑"), AddressKey.Of("翠苑一区北苑3幢")), Is.False, "an estate alone is every building in it");
            Assert.That(AddressKey.Of(null), Is.Empty);
        });
    }
}
