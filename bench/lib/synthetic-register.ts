// A deterministic national-scale household book for benchmarks, generated one household at a time
// (nothing held in memory). Names repeat as real names do (Zipf-like frequencies), because that
// repetition is what makes fuzzy search slow. Shares by region are rough assumptions, not facts:
// the south (Osh, Jalal-Abad, Batken) has more Uzbek families, Chüy more Russian ones.

export interface SyntheticPerson {
  pin: string | null;
  surname: string;
  givenName: string;
  patronymic: string | null;
  sex: "female" | "male";
  birthDate: string;
  relation: "head" | "spouse" | "son" | "daughter" | "father" | "mother" | "grandchild" | "daughter-in-law" | "other";
  /** Set on an injected probable duplicate: which earlier person it repeats (by their PIN or name). */
  duplicateOf?: string;
}

export interface SyntheticHousehold {
  householdNo: number;
  municipalityIndex: number;
  villageIndex: number;
  street: string;
  house: number;
  members: SyntheticPerson[];
}

export interface RegisterOptions {
  households: number;
  seed: number;
  municipalities?: number;
  /** Share of households that also list someone already registered elsewhere (a probable duplicate). */
  duplicateRate?: number;
}

/** mulberry32: small, fast, seeded; good enough to make data, not to make secrets. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from a list by Zipf-like weight 1/(rank+1)^s via a cumulative table and binary search. */
function zipf<T>(items: readonly T[], s = 1.05) {
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    total += 1 / (i + 1) ** s;
    cumulative.push(total);
  }
  return (r: number): T => {
    const x = r * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}

const KY_MALE = "Нурбек Айбек Бакыт Азамат Эрлан Улан Канат Мирлан Бекзат Нурлан Талант Асан Үсөн Кубат Марат Эрмек Жыргал Алмаз Бактыбек Данияр Эмил Адилет Нурсултан Ислам Бектур Тилек Жоомарт Чыңгыз Самат Эркин Нурдин Темирлан Айдар Медер Акылбек Алтынбек Сапар Токтогул Жолдош Кутман Бекболот Руслан Арстан Эсен Кадыр Мурат Бакай Төлөгөн Дөөлөт Өмүрбек Курманбек Абдылда Жумабек Мамат Осмон Сыдык Калыс Үмөт Байыш Көкөн".split(" ");
const KY_FEMALE = "Айгүл Гүлнара Жылдыз Нургүл Айпери Бегимай Чынара Мээрим Айжан Асель Динара Назира Бүбүсара Гүлмира Айнура Венера Жазгүл Элмира Алтынай Айзада Салтанат Айсулуу Мөлдир Нуриза Каныкей Жамиля Аруужан Сезим Акмарал Гүлзат Айперим Назгүл Бактыгүл Чолпон Эльвира Таттыбүбү Токтобүбү Зейнеп Сабира Курманжан Үмүт Гүлбарчын Айдай Нуржан Кундуз Толгонай Сагын Майрам Бермет Гүлайым".split(" ");
const UZ_MALE = "Алишер Шерзод Бахтиёр Жасур Фаррух Отабек Рустам Дилшод Улуғбек Азиз Баходир Зафар Акмал Равшан Шухрат Нодир Санжар Тимур Мурод Хуршид Иброҳим Абдулла Жамшид Исмоил Анвар".split(" ");
const UZ_FEMALE = "Дилноза Шахноза Гулноза Малика Мадина Зарина Нилуфар Феруза Дилдора Мохира Севара Нигора Юлдуз Гулчеҳра Муҳаббат Лола Зулфия Барно Мавжуда Наргиза".split(" ");
const RU_MALE = "Александр Сергей Андрей Дмитрий Владимир Николай Евгений Иван Михаил Алексей Виктор Павел Юрий Олег Игорь Роман Артём Максим Константин Василий".split(" ");
const RU_FEMALE = "Елена Ольга Наталья Татьяна Ирина Светлана Анна Мария Екатерина Юлия Галина Людмила Надежда Валентина Оксана Алина Виктория Дарья Ксения Любовь".split(" ");
const KY_STEMS = "Асан Токтогул Мамыт Абдыкадыр Жумаба Осмон Садык Үсөн Турдуба Бейшенали Токтосун Мамат Сыдык Кадыр Эсенали Жээнбек Атамбай Абдылдаб Курманали Бакир Исак Жолдошб Сатыбалди Бообек Маматкадыр Таштанбек Абдраим Ибраим Муратал Нурмат Калыб Ормон Алымб Кочкорб Тентимиш Сулайман Шаршен Бектен Акматал Дүйшөн Өмүрзак Жаныбек Жусуп Сапарб Токтомуш Байтик Конуш Кенжеб Кулмат Момун Абакир Рысб Сарыб Бекмурза Калмурза Качкынб Темир Алиб Эрк Борончи Тагай Аскар Ыссык Чоко Шамши Алиев Дыйканб Арап Матрайым Сейит Нурланб Эгемб Кубанычб Абдилла Карыб Мукаш Тынай Султан Азиз Бейш Орозб Төлөб Жапар Ташиб Ногой Бекназар Акылб Мамбет Касым Нурадил Талип Жунус Абдрахман Мелис Сүйүн Кылыч Тойчу Өскөн".split(" ");
const UZ_STEMS = "Рахим Юсуп Карим Ахмед Тошмат Назар Умар Хамид Ибрагим Салим Шукур Абдуллаев Мирза Мамадали Холмат Эргаш Жураб Турсун Рашид Хасан Хусан Зокир Қодир Мадаминов Абдурахман Исмаил Ғафур Собир Нуриддин Бахром".split(" ");
const RU_STEMS = "Иван Кузнец Смирн Попов Соколов Лебедев Козлов Новик Морозов Петров Волков Соловьёв Васильев Зайцев Павлов Семёнов Голубев Виноградов Богданов Воробьёв Фёдоров Михайлов Беляев Тарасов Белов Комаров Орлов Киселёв Макаров Андреев".split(" ");

type People = "ky" | "uz" | "ru";

function surnameOf(stem: string, sex: "female" | "male"): string {
  // Stems either end in a consonant (+ов/+ева) or already carry their ending.
  const male = /(ов|ев|ёв|ин)$/.test(stem)
    ? stem
    : /[йь]$/.test(stem)
      ? `${stem.slice(0, -1)}ев`
      : /[аеиоуыэюяөү]$/.test(stem)
        ? `${stem}ев`
        : `${stem}ов`;
  return sex === "female" ? `${male}а` : male;
}

function patronymicOf(father: string, sex: "female" | "male", kyrgyzStyle: boolean): string {
  if (kyrgyzStyle) return `${father} ${sex === "female" ? "кызы" : "уулу"}`;
  const base = /[ий]$/.test(father) ? father.slice(0, -1) : father;
  const soft = /[ий]$/.test(father);
  return `${base}${soft ? (sex === "female" ? "евна" : "евич") : sex === "female" ? "овна" : "ович"}`;
}

const SIZE_WEIGHTS = [0.1, 0.13, 0.16, 0.18, 0.16, 0.11, 0.07, 0.05, 0.025, 0.015]; // sizes 1–10, mean ≈ 4.3
const STREETS = "Манас Ленин Токтогул Чүй Ысык-Көл Боконбаев Айтматов Фрунзе Жибек-Жолу Мира Совет Курманжан-Датка".split(" ");

export function* syntheticHouseholds(options: RegisterOptions): Generator<SyntheticHousehold> {
  const random = prng(options.seed);
  const municipalities = options.municipalities ?? 450;
  const duplicateRate = options.duplicateRate ?? 0.002;
  const pick = {
    ky: { male: zipf(KY_MALE), female: zipf(KY_FEMALE), stem: zipf(KY_STEMS) },
    uz: { male: zipf(UZ_MALE), female: zipf(UZ_FEMALE), stem: zipf(UZ_STEMS) },
    ru: { male: zipf(RU_MALE), female: zipf(RU_FEMALE), stem: zipf(RU_STEMS) },
  };
  const sizeCumulative = SIZE_WEIGHTS.reduce<number[]>((acc, w) => [...acc, (acc.at(-1) ?? 0) + w], []);
  // Municipalities differ in size: weights between 0.3 and 3.
  const municipalityWeights = Array.from({ length: municipalities }, () => 0.3 + 2.7 * random() ** 2);
  const municipality = (() => {
    const cumulative: number[] = [];
    let total = 0;
    for (const w of municipalityWeights) cumulative.push((total += w));
    return (r: number) => {
      const x = r * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
  })();
  const numbers = new Array<number>(municipalities).fill(0);
  const serials = new Map<string, number>();
  const recent: SyntheticPerson[] = [];
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");

  const person = (
    people: People,
    sex: "female" | "male",
    stem: string,
    year: number,
    relation: SyntheticPerson["relation"],
    father: string | null,
    kyrgyzStyle: boolean,
  ): SyntheticPerson => {
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const birthDate = `${year}-${pad(month)}-${pad(day)}`;
    let pin: string | null = null;
    if (random() >= 0.03) {
      const prefix = `${sex === "female" ? 1 : 2}${pad(day)}${pad(month)}${year}`;
      const serial = (serials.get(prefix) ?? 0) + 1;
      serials.set(prefix, serial);
      pin = `${prefix}${pad(serial, 5)}`;
    }
    const givenName = pick[people][sex](random());
    return {
      pin,
      surname: surnameOf(stem, sex),
      givenName,
      patronymic: father ? patronymicOf(father, sex, kyrgyzStyle) : null,
      sex,
      birthDate,
      relation,
    };
  };

  for (let n = 0; n < options.households; n++) {
    const m = municipality(random());
    const oblast = m % 7;
    const r = random();
    const people: People =
      oblast <= 2 ? (r < 0.25 ? "uz" : r < 0.27 ? "ru" : "ky") : oblast === 6 ? (r < 0.2 ? "ru" : r < 0.23 ? "uz" : "ky") : r < 0.02 ? "ru" : r < 0.04 ? "uz" : "ky";
    const kyrgyzStyle = people === "ky" && random() < 0.25;
    const stem = pick[people].stem(random());
    const x = random();
    const householdSize = 1 + sizeCumulative.findIndex((c) => x <= c);
    const femaleHead = random() < 0.2;
    const headYear = 1950 + Math.floor(random() * 50);
    const headFather = pick[people].male(random());
    const head = person(people, femaleHead ? "female" : "male", stem, headYear, "head", headFather, kyrgyzStyle);
    const members = [head];
    const fatherOfChildren = femaleHead ? pick[people].male(random()) : head.givenName;
    if (householdSize >= 2 && random() < 0.85) {
      const spouseStem = femaleHead ? stem : pick[people].stem(random());
      members.push(
        person(people, femaleHead ? "male" : "female", spouseStem, headYear + Math.floor(random() * 8) - 3, "spouse", pick[people].male(random()), kyrgyzStyle),
      );
    }
    while (members.length < householdSize) {
      const sex = random() < 0.5 ? "female" : "male";
      const year = Math.min(2025, headYear + 20 + Math.floor(random() * 25));
      members.push(person(people, sex, stem, year, sex === "female" ? "daughter" : "son", fatherOfChildren, kyrgyzStyle));
    }
    if (random() < duplicateRate && recent.length > 0) {
      const original = recent[Math.floor(random() * recent.length)]!;
      const copy: SyntheticPerson = { ...original, relation: "other", duplicateOf: original.pin ?? `${original.surname} ${original.givenName} ${original.birthDate}` };
      if (random() < 0.5 || !original.pin) {
        // The same person written again by another clerk: no PIN, one letter different.
        const chars = [...copy.givenName];
        chars[chars.length - 1] = chars.at(-1) === "а" ? "я" : "а";
        copy.givenName = chars.join("");
        copy.pin = null;
      }
      members.push(copy);
    }
    if (recent.length < 10_000) recent.push(head);
    else recent[Math.floor(random() * recent.length)] = head;
    numbers[m] = (numbers[m] ?? 0) + 1;
    yield {
      householdNo: numbers[m]!,
      municipalityIndex: m,
      villageIndex: Math.floor(random() * 4),
      street: `${STREETS[Math.floor(random() * STREETS.length)]} көчөсү`,
      house: 1 + Math.floor(random() * 200),
      members,
    };
  }
}
