-- hand-written: the default wording of the land-plots and livestock certificates called whoever the
-- certificate was issued to the head of the household ("{holderName} башкарган"); the new defaults
-- name the household's head as head ({headName}) and the holder as the member it is issued to.
-- Each municipality holds its own copy of the defaults, which its administrator may have edited: a
-- text (Kyrgyz or Russian) still word for word the old default is replaced by the new one, an
-- edited one is left as the administrator wrote it. The version moves on, so an edit form opened
-- before this is refused as stale instead of writing the old wording back.
-- As the system role: the tables' owner is bound by the forced policies and would see no row.
SET LOCAL ROLE aimak_system;--> statement-breakpoint
UPDATE "certificate_template" AS t SET
  "texts" = t."texts"
    || CASE WHEN t."texts" -> 'ky' = d.old_ky THEN jsonb_build_object('ky', d.new_ky) ELSE '{}'::jsonb END
    || CASE WHEN t."texts" -> 'ru' = d.old_ru THEN jsonb_build_object('ru', d.new_ru) ELSE '{}'::jsonb END,
  "version" = t."version" + 1,
  "updated_at" = now()
FROM (VALUES
  ('land-plots',
   $t${"title": "Үй чарбасынын жер участоктору жөнүндө маалымкат", "body": "Ушул маалымкат {holderName} башкарган, {address} дарегиндеги үй чарбасынын пайдалануусунда төмөнкү жер участоктору бар экенин тастыктайт. Маалымкат {purpose} үчүн берилди."}$t$::jsonb,
   $t${"title": "Үй чарбасынын жер участоктору жөнүндө маалымкат", "body": "Ушул маалымкат {address} дарегиндеги №{householdNumber} үй чарбасынын (үй чарбасынын башчысы — {headName}) пайдалануусунда төмөнкү жер участоктору бар экенин тастыктайт. Маалымкатты алуучу — үй чарбасынын мүчөсү {holderName}, {holderBirthDate} туулган. Маалымкат {purpose} үчүн берилди."}$t$::jsonb,
   $t${"title": "Справка о земельных участках хозяйства", "body": "Дана {holderName} в том, что в пользовании хозяйства по адресу: {address} находятся следующие земельные участки. Справка выдана для предъявления: {purpose}."}$t$::jsonb,
   $t${"title": "Справка о земельных участках хозяйства", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что он(а) является членом хозяйства № {householdNumber} по адресу: {address} (глава хозяйства — {headName}) и в пользовании этого хозяйства находятся следующие земельные участки. Справка выдана для предъявления: {purpose}."}$t$::jsonb),
  ('livestock',
   $t${"title": "Мал-жандыктын саны жөнүндө маалымкат", "body": "Ушул маалымкат {holderName} башкарган, {address} дарегиндеги үй чарбасында {countedOn} абалы боюнча төмөнкү мал-жандык бар экенин тастыктайт. Маалымкат {purpose} үчүн берилди."}$t$::jsonb,
   $t${"title": "Мал-жандыктын саны жөнүндө маалымкат", "body": "Ушул маалымкат {address} дарегиндеги №{householdNumber} үй чарбасында (үй чарбасынын башчысы — {headName}) {countedOn} абалы боюнча төмөнкү мал-жандык бар экенин тастыктайт. Маалымкатты алуучу — үй чарбасынын мүчөсү {holderName}, {holderBirthDate} туулган. Маалымкат {purpose} үчүн берилди."}$t$::jsonb,
   $t${"title": "Справка о наличии скота", "body": "Дана {holderName} в том, что в хозяйстве по адресу: {address} по состоянию на {countedOn} имеется следующий скот. Справка выдана для предъявления: {purpose}."}$t$::jsonb,
   $t${"title": "Справка о наличии скота", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что он(а) является членом хозяйства № {householdNumber} по адресу: {address} (глава хозяйства — {headName}) и в этом хозяйстве по состоянию на {countedOn} имеется следующий скот. Справка выдана для предъявления: {purpose}."}$t$::jsonb)
) AS d(kind, old_ky, new_ky, old_ru, new_ru)
WHERE t."kind" = d.kind AND (t."texts" -> 'ky' = d.old_ky OR t."texts" -> 'ru' = d.old_ru);--> statement-breakpoint
RESET ROLE;
