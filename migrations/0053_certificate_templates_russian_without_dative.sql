-- hand-written: the default Russian wording began "Дана {holderName}, …", which wants the holder's
-- name in the dative ("Дана Асановой Айгерим"), and the paper printed it in the nominative as the
-- register keeps it ("Дана Асанова Айгерим"). Kyrgyz, Russian and Uzbek names do not decline by a rule
-- a template can hold, so the new defaults make the name the sentence's subject: "Настоящая справка
-- подтверждает, что {holderName}, … г. р., действительно проживает …". As in 0033 and 0039, a
-- municipality's Russian text still word for word the old default is replaced, an edited one is left
-- as its administrator wrote it, and the version moves on so that an edit form opened before this is
-- refused as stale instead of writing the old wording back. Certificates already issued keep the
-- wording they were issued with. No audit record, as in the earlier data migrations.
-- As the system role: the tables' owner is bound by the forced policies and would see no row.
SET LOCAL ROLE aimak_system;--> statement-breakpoint
UPDATE "certificate_template" AS t SET
  "texts" = t."texts" || jsonb_build_object('ru', d.new_ru),
  "version" = t."version" + 1,
  "updated_at" = now()
FROM (VALUES
  ('family-composition',
   $t${"title": "Справка о составе семьи", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} {sex:зарегистрирован|зарегистрирована} по адресу: {address}, и состав {sex:его|её} семьи следующий. Справка выдана для предъявления {purpose}."}$t$::jsonb,
   $t${"title": "Справка о составе семьи", "body": "Настоящая справка подтверждает, что {holderName}, {holderBirthDate} г. р., {sex:зарегистрирован|зарегистрирована} по адресу: {address}, и состав {sex:его|её} семьи следующий. Справка выдана для предъявления {purpose}."}$t$::jsonb),
  ('residence',
   $t${"title": "Справка с места жительства", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} действительно проживает по адресу: {address}. Справка выдана для предъявления {purpose}."}$t$::jsonb,
   $t${"title": "Справка с места жительства", "body": "Настоящая справка подтверждает, что {holderName}, {holderBirthDate} г. р., действительно проживает по адресу: {address}. Справка выдана для предъявления {purpose}."}$t$::jsonb),
  ('land-plots',
   $t${"title": "Справка о земельных участках хозяйства", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} является членом хозяйства № {householdNumber} по адресу: {address} (глава хозяйства — {headName}) и в пользовании этого хозяйства находятся следующие земельные участки. Справка выдана для предъявления {purpose}."}$t$::jsonb,
   $t${"title": "Справка о земельных участках хозяйства", "body": "Настоящая справка подтверждает, что {holderName}, {holderBirthDate} г. р., является членом хозяйства № {householdNumber} по адресу: {address} (глава хозяйства — {headName}) и в пользовании этого хозяйства находятся следующие земельные участки. Справка выдана для предъявления {purpose}."}$t$::jsonb),
  ('livestock',
   $t${"title": "Справка о наличии скота", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} является членом хозяйства № {householdNumber} по адресу: {address} (глава хозяйства — {headName}) и в этом хозяйстве по состоянию на {countedOn} имеется следующий скот. Справка выдана для предъявления {purpose}."}$t$::jsonb,
   $t${"title": "Справка о наличии скота", "body": "Настоящая справка подтверждает, что {holderName}, {holderBirthDate} г. р., является членом хозяйства № {householdNumber} по адресу: {address} (глава хозяйства — {headName}) и в этом хозяйстве по состоянию на {countedOn} имеется следующий скот. Справка выдана для предъявления {purpose}."}$t$::jsonb),
  ('household-head',
   $t${"title": "Справка о главе хозяйства", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} является главой хозяйства № {householdNumber} по адресу: {address}. Справка выдана для предъявления {purpose}."}$t$::jsonb,
   $t${"title": "Справка о главе хозяйства", "body": "Настоящая справка подтверждает, что {holderName}, {holderBirthDate} г. р., является главой хозяйства № {householdNumber} по адресу: {address}. Справка выдана для предъявления {purpose}."}$t$::jsonb)
) AS d(kind, old_ru, new_ru)
WHERE t."kind" = d.kind AND t."texts" -> 'ru' = d.old_ru;--> statement-breakpoint
RESET ROLE;
