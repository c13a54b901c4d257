-- hand-written: the default wording's last sentence did not read with what the form asks for. The
-- field is "where to present" ("Кайда көрсөтүү үчүн": "мектепке"; "Куда предъявить": "в школу"), and
-- the text said "Маалымкат мектепке үчүн берилди" / "для предъявления: в школу". The new defaults say
-- "Маалымкат {purpose} көрсөтүү үчүн берилди" and "Справка выдана для предъявления {purpose}". As in
-- 0033, a municipality's text (Kyrgyz or Russian) still word for word the old default is replaced,
-- an edited one is left as its administrator wrote it, and the version moves on so that an edit form
-- opened before this is refused as stale instead of writing the old wording back.
-- As the system role: the tables' owner is bound by the forced policies and would see no row.
SET LOCAL ROLE aimak_system;--> statement-breakpoint
UPDATE "certificate_template" AS t SET
  "texts" = t."texts"
    || CASE WHEN t."texts" -> 'ky' = d.old_ky THEN jsonb_build_object('ky', d.new_ky) ELSE '{}'::jsonb END
    || CASE WHEN t."texts" -> 'ru' = d.old_ru THEN jsonb_build_object('ru', d.new_ru) ELSE '{}'::jsonb END,
  "version" = t."version" + 1,
  "updated_at" = now()
FROM (VALUES
  ('family-composition',
   $t${"title": "Үй-бүлөнүн курамы жөнүндө маалымкат", "body": "Ушул маалымкат {holderName}, {holderBirthDate} туулган, {address} дареги боюнча катталганын жана анын үй-бүлөсүнүн курамы төмөнкүдөй экенин тастыктайт. Маалымкат {purpose} үчүн берилди."}$t$::jsonb,
   $t${"title": "Үй-бүлөнүн курамы жөнүндө маалымкат", "body": "Ушул маалымкат {holderName}, {holderBirthDate} туулган, {address} дареги боюнча катталганын жана анын үй-бүлөсүнүн курамы төмөнкүдөй экенин тастыктайт. Маалымкат {purpose} көрсөтүү үчүн берилди."}$t$::jsonb,
   $t${"title": "Справка о составе семьи", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} {sex:зарегистрирован|зарегистрирована} по адресу: {address}, и состав {sex:его|её} семьи следующий. Справка выдана для предъявления: {purpose}."}$t$::jsonb,
   $t${"title": "Справка о составе семьи", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} {sex:зарегистрирован|зарегистрирована} по адресу: {address}, и состав {sex:его|её} семьи следующий. Справка выдана для предъявления {purpose}."}$t$::jsonb),
  ('residence',
   $t${"title": "Жашаган жери жөнүндө маалымкат", "body": "Ушул маалымкат {holderName}, {holderBirthDate} туулган, чындыгында {address} дареги боюнча жашай турганын тастыктайт. Маалымкат {purpose} үчүн берилди."}$t$::jsonb,
   $t${"title": "Жашаган жери жөнүндө маалымкат", "body": "Ушул маалымкат {holderName}, {holderBirthDate} туулган, чындыгында {address} дареги боюнча жашай турганын тастыктайт. Маалымкат {purpose} көрсөтүү үчүн берилди."}$t$::jsonb,
   $t${"title": "Справка с места жительства", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} действительно проживает по адресу: {address}. Справка выдана для предъявления: {purpose}."}$t$::jsonb,
   $t${"title": "Справка с места жительства", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} действительно проживает по адресу: {address}. Справка выдана для предъявления {purpose}."}$t$::jsonb),
  ('land-plots',
   $t${"title": "Үй чарбасынын жер участоктору жөнүндө маалымкат", "body": "Ушул маалымкат {address} дарегиндеги №{householdNumber} үй чарбасынын (үй чарбасынын башчысы — {headName}) пайдалануусунда төмөнкү жер участоктору бар экенин тастыктайт. Маалымкатты алуучу — үй чарбасынын мүчөсү {holderName}, {holderBirthDate} туулган. Маалымкат {purpose} үчүн берилди."}$t$::jsonb,
   $t${"title": "Үй чарбасынын жер участоктору жөнүндө маалымкат", "body": "Ушул маалымкат {address} дарегиндеги №{householdNumber} үй чарбасынын (үй чарбасынын башчысы — {headName}) пайдалануусунда төмөнкү жер участоктору бар экенин тастыктайт. Маалымкатты алуучу — үй чарбасынын мүчөсү {holderName}, {holderBirthDate} туулган. Маалымкат {purpose} көрсөтүү үчүн берилди."}$t$::jsonb,
   $t${"title": "Справка о земельных участках хозяйства", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} является членом хозяйства № {householdNumber} по адресу: {address} (глава хозяйства — {headName}) и в пользовании этого хозяйства находятся следующие земельные участки. Справка выдана для предъявления: {purpose}."}$t$::jsonb,
   $t${"title": "Справка о земельных участках хозяйства", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} является членом хозяйства № {householdNumber} по адресу: {address} (глава хозяйства — {headName}) и в пользовании этого хозяйства находятся следующие земельные участки. Справка выдана для предъявления {purpose}."}$t$::jsonb),
  ('livestock',
   $t${"title": "Мал-жандыктын саны жөнүндө маалымкат", "body": "Ушул маалымкат {address} дарегиндеги №{householdNumber} үй чарбасында (үй чарбасынын башчысы — {headName}) {countedOn} абалы боюнча төмөнкү мал-жандык бар экенин тастыктайт. Маалымкатты алуучу — үй чарбасынын мүчөсү {holderName}, {holderBirthDate} туулган. Маалымкат {purpose} үчүн берилди."}$t$::jsonb,
   $t${"title": "Мал-жандыктын саны жөнүндө маалымкат", "body": "Ушул маалымкат {address} дарегиндеги №{householdNumber} үй чарбасында (үй чарбасынын башчысы — {headName}) {countedOn} абалы боюнча төмөнкү мал-жандык бар экенин тастыктайт. Маалымкатты алуучу — үй чарбасынын мүчөсү {holderName}, {holderBirthDate} туулган. Маалымкат {purpose} көрсөтүү үчүн берилди."}$t$::jsonb,
   $t${"title": "Справка о наличии скота", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} является членом хозяйства № {householdNumber} по адресу: {address} (глава хозяйства — {headName}) и в этом хозяйстве по состоянию на {countedOn} имеется следующий скот. Справка выдана для предъявления: {purpose}."}$t$::jsonb,
   $t${"title": "Справка о наличии скота", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} является членом хозяйства № {householdNumber} по адресу: {address} (глава хозяйства — {headName}) и в этом хозяйстве по состоянию на {countedOn} имеется следующий скот. Справка выдана для предъявления {purpose}."}$t$::jsonb),
  ('household-head',
   $t${"title": "Үй чарбасынын башчысы жөнүндө маалымкат", "body": "Ушул маалымкат {holderName}, {holderBirthDate} туулган, {address} дарегиндеги №{householdNumber} үй чарбасынын башчысы экенин тастыктайт. Маалымкат {purpose} үчүн берилди."}$t$::jsonb,
   $t${"title": "Үй чарбасынын башчысы жөнүндө маалымкат", "body": "Ушул маалымкат {holderName}, {holderBirthDate} туулган, {address} дарегиндеги №{householdNumber} үй чарбасынын башчысы экенин тастыктайт. Маалымкат {purpose} көрсөтүү үчүн берилди."}$t$::jsonb,
   $t${"title": "Справка о главе хозяйства", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} является главой хозяйства № {householdNumber} по адресу: {address}. Справка выдана для предъявления: {purpose}."}$t$::jsonb,
   $t${"title": "Справка о главе хозяйства", "body": "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} является главой хозяйства № {householdNumber} по адресу: {address}. Справка выдана для предъявления {purpose}."}$t$::jsonb)
) AS d(kind, old_ky, new_ky, old_ru, new_ru)
WHERE t."kind" = d.kind AND (t."texts" -> 'ky' = d.old_ky OR t."texts" -> 'ru' = d.old_ru);--> statement-breakpoint
RESET ROLE;
