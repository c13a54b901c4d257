CREATE INDEX "certificate_org_id_year_number_index" ON "certificate" USING btree ("org_id","year","number");--> statement-breakpoint
CREATE INDEX "certificate_household_id_issued_on_index" ON "certificate" USING btree ("household_id","issued_on");--> statement-breakpoint
-- hand-written: the Russian default wording wrote both sexes at once ("он(а) зарегистрирован(а)");
-- the new defaults choose by the holder's sex ({sex:он|она}). As in 0033, a municipality's Russian
-- text still word for word the old default is replaced, an edited one is left as written, and the
-- version moves on so an edit form opened before is refused as stale.
SET LOCAL ROLE aimak_system;--> statement-breakpoint
UPDATE "certificate_template" AS t SET
  "texts" = t."texts" || jsonb_build_object('ru', d.new_ru),
  "version" = t."version" + 1,
  "updated_at" = now()
FROM (VALUES
  ('family-composition',
   $t${"title": "Справка о составе семьи", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что он(а) зарегистрирован(а) по адресу: {address}, и состав его (её) семьи следующий. Справка выдана для предъявления: {purpose}."}$t$::jsonb,
   $t${"title": "Справка о составе семьи", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} {sex:зарегистрирован|зарегистрирована} по адресу: {address}, и состав {sex:его|её} семьи следующий. Справка выдана для предъявления: {purpose}."}$t$::jsonb),
  ('residence',
   $t${"title": "Справка с места жительства", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что он(а) действительно проживает по адресу: {address}. Справка выдана для предъявления: {purpose}."}$t$::jsonb,
   $t${"title": "Справка с места жительства", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} действительно проживает по адресу: {address}. Справка выдана для предъявления: {purpose}."}$t$::jsonb),
  ('land-plots',
   $t${"title": "Справка о земельных участках хозяйства", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что он(а) является членом хозяйства № {householdNumber} по адресу: {address} (глава хозяйства — {headName}) и в пользовании этого хозяйства находятся следующие земельные участки. Справка выдана для предъявления: {purpose}."}$t$::jsonb,
   $t${"title": "Справка о земельных участках хозяйства", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} является членом хозяйства № {householdNumber} по адресу: {address} (глава хозяйства — {headName}) и в пользовании этого хозяйства находятся следующие земельные участки. Справка выдана для предъявления: {purpose}."}$t$::jsonb),
  ('livestock',
   $t${"title": "Справка о наличии скота", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что он(а) является членом хозяйства № {householdNumber} по адресу: {address} (глава хозяйства — {headName}) и в этом хозяйстве по состоянию на {countedOn} имеется следующий скот. Справка выдана для предъявления: {purpose}."}$t$::jsonb,
   $t${"title": "Справка о наличии скота", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} является членом хозяйства № {householdNumber} по адресу: {address} (глава хозяйства — {headName}) и в этом хозяйстве по состоянию на {countedOn} имеется следующий скот. Справка выдана для предъявления: {purpose}."}$t$::jsonb),
  ('household-head',
   $t${"title": "Справка о главе хозяйства", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что он(а) является главой хозяйства № {householdNumber} по адресу: {address}. Справка выдана для предъявления: {purpose}."}$t$::jsonb,
   $t${"title": "Справка о главе хозяйства", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} является главой хозяйства № {householdNumber} по адресу: {address}. Справка выдана для предъявления: {purpose}."}$t$::jsonb)
) AS d(kind, old_ru, new_ru)
WHERE t."kind" = d.kind AND t."texts" -> 'ru' = d.old_ru;--> statement-breakpoint
RESET ROLE;
