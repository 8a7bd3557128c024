"""Words and sentence templates for the synthetic corpus (`benchmarks.corpus`).

Written by hand in the register of the regional wire (Trend, Azernews, Kabar): diplomatic
meetings, trade, energy, transport. Russian templates keep entity names in the nominative
(subjects of present or future verbs, lists, «quotes», "в городе X"), so that every name
appears in the text exactly as its alias is stored; past-tense verbs agree with a person's
gender through the `{a}` slot ("отметил" / "отметила").

Template slots: `{P}`, `{P2}` person; `{C}`, `{C2}` country; `{O}` organization; `{L}` place;
`{E}` event; `{X}`, `{Y}` any person, organization or country. A capitalised slot name
(`{Topic}`) capitalises its value. Filler slots: `topic`, `topic2`, `topic3` (English),
`tn`, `tn2` (Russian nominative), `tg`, `tg2`, `tg3` (Russian genitive), `num`, `num2`, `mult`,
`pct`, `amount`, `year`, `year2`, `month`, `weekday`, and `he`/`his`/`a` (the first person's
gender).
"""

# (English, Russian nominative, Russian genitive)
TOPICS = [
    (
        "trade and economic cooperation",
        "торгово-экономическое сотрудничество",
        "торгово-экономического сотрудничества",
    ),
    ("energy security", "энергетическая безопасность", "энергетической безопасности"),
    ("renewable energy", "возобновляемая энергетика", "возобновляемой энергетики"),
    ("transport and logistics", "транспорт и логистика", "транспорта и логистики"),
    ("digital transformation", "цифровая трансформация", "цифровой трансформации"),
    ("humanitarian ties", "гуманитарные связи", "гуманитарных связей"),
    ("cultural exchange", "культурный обмен", "культурного обмена"),
    ("regional security", "региональная безопасность", "региональной безопасности"),
    ("the agricultural sector", "сельское хозяйство", "сельского хозяйства"),
    ("tourism", "туризм", "туризма"),
    ("education and science", "образование и наука", "образования и науки"),
    ("healthcare", "здравоохранение", "здравоохранения"),
    ("water management", "управление водными ресурсами", "управления водными ресурсами"),
    ("climate policy", "климатическая политика", "климатической политики"),
    ("the Middle Corridor", "Средний коридор", "Среднего коридора"),
    ("investment", "инвестиции", "инвестиций"),
    ("small and medium business", "малый и средний бизнес", "малого и среднего бизнеса"),
    ("the oil and gas industry", "нефтегазовая отрасль", "нефтегазовой отрасли"),
    ("green energy", "зеленая энергетика", "зеленой энергетики"),
    ("interparliamentary relations", "межпарламентские связи", "межпарламентских связей"),
    ("the textile industry", "текстильная промышленность", "текстильной промышленности"),
    ("mining", "горнодобывающая промышленность", "горнодобывающей промышленности"),
    ("information technology", "информационные технологии", "информационных технологий"),
    ("customs procedures", "таможенные процедуры", "таможенных процедур"),
    ("food security", "продовольственная безопасность", "продовольственной безопасности"),
    ("youth policy", "молодежная политика", "молодежной политики"),
    ("sports", "спорт", "спорта"),
    ("media cooperation", "сотрудничество в сфере СМИ", "сотрудничества в сфере СМИ"),
    ("the banking sector", "банковский сектор", "банковского сектора"),
    ("electricity exports", "экспорт электроэнергии", "экспорта электроэнергии"),
    ("railway connectivity", "железнодорожное сообщение", "железнодорожного сообщения"),
    ("air traffic", "авиасообщение", "авиасообщения"),
    (
        "the pharmaceutical industry",
        "фармацевтическая промышленность",
        "фармацевтической промышленности",
    ),
    ("cybersecurity", "кибербезопасность", "кибербезопасности"),
    ("labour migration", "трудовая миграция", "трудовой миграции"),
    (
        "the restoration of liberated territories",
        "восстановление освобожденных территорий",
        "восстановления освобожденных территорий",
    ),
    ("mine clearance", "разминирование", "разминирования"),
    ("heritage protection", "охрана культурного наследия", "охраны культурного наследия"),
    ("the construction sector", "строительная отрасль", "строительной отрасли"),
    ("petrochemicals", "нефтехимия", "нефтехимии"),
    ("hydropower", "гидроэнергетика", "гидроэнергетики"),
    ("e-government", "электронное правительство", "электронного правительства"),
    ("space research", "космические исследования", "космических исследований"),
    ("environmental protection", "охрана окружающей среды", "охраны окружающей среды"),
    ("the fight against terrorism", "борьба с терроризмом", "борьбы с терроризмом"),
    ("financial technology", "финансовые технологии", "финансовых технологий"),
    ("tourism infrastructure", "туристическая инфраструктура", "туристической инфраструктуры"),
    ("public diplomacy", "публичная дипломатия", "публичной дипломатии"),
    ("urban development", "градостроительство", "градостроительства"),
    ("cotton processing", "переработка хлопка", "переработки хлопка"),
    ("civil aviation", "гражданская авиация", "гражданской авиации"),
    ("higher education", "высшее образование", "высшего образования"),
    ("irrigation", "ирригация", "ирригации"),
    ("the automotive industry", "автомобильная промышленность", "автомобильной промышленности"),
    ("artificial intelligence", "искусственный интеллект", "искусственного интеллекта"),
    ("export promotion", "продвижение экспорта", "продвижения экспорта"),
]

EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# "в марте": the prepositional case, which is all the templates use.
RU_MONTHS = [
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
]
EN_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
RU_WEEKDAYS = ["в понедельник", "во вторник", "в среду", "в четверг", "в пятницу"]

# --- Sentences ---------------------------------------------------------------------------

EN_FILLER = [
    "The sides also exchanged views on {topic} and {topic2}.",
    "It was noted that {topic} has great potential for further development.",
    "According to official data, trade turnover grew by {pct} percent in {year}.",
    "The parties agreed to set up a joint working group on {topic}.",
    "Experts expect investment in {topic} to exceed {amount} by {year2}.",
    "The document provides for cooperation in {topic}, {topic2} and {topic3}.",
    "Particular attention was paid to {topic}.",
    "The meeting was held in a friendly and constructive atmosphere.",
    "A memorandum of understanding on {topic} was signed following the talks.",
    "The next round of consultations is scheduled for {month}.",
    "Officials said the new programme would run until {year2}, with a budget of {amount}.",
    "More than {num} companies took part in the event, which focused on {topic}.",
    "The statement stressed that {topic} remains a priority for the region.",
    "Over the past {num2} years, the volume of mutual investment has increased {mult} times.",
    "The agenda also included {topic} and the development of {topic2}.",
    "Participants discussed practical steps to strengthen {topic}.",
    "Local authorities reported that {num} new jobs would be created under the project.",
    "The initiative is part of a broader strategy on {topic} adopted in {year}.",
    "Both sides expressed interest in expanding {topic}.",
    "The press service said the talks had covered {topic} in detail.",
    "In {year}, the figure stood at {amount}, official statistics show.",
    "Further details are expected to be announced on {weekday}.",
    "The project is being implemented in several stages, the first of which is due in {year2}.",
    "Analysts note that demand in {topic} has been rising steadily since {year}.",
    "The sides noted the importance of regular contacts at all levels.",
    "A joint statement was adopted at the end of the session.",
    "The roadmap sets out {num2} priority areas, including {topic} and {topic2}.",
    "Observers described the outcome as an important step for {topic}.",
    "{Topic} was named among the main areas of joint work for the coming years.",
    "The volume of financing for {topic} has doubled since {year}.",
    "Representatives of the business community presented proposals on {topic}.",
    "The working group will report on progress in {topic} by the end of {year2}.",
]

RU_FILLER = [
    "Стороны также обменялись мнениями по вопросам {tg} и {tg2}.",
    "Было отмечено, что {tn} обладает большим потенциалом для дальнейшего развития.",
    "По официальным данным, товарооборот в {year} году вырос на {pct}%.",
    "Стороны договорились создать совместную рабочую группу по вопросам {tg}.",
    "По оценкам экспертов, объем инвестиций в эту сферу к {year2} году превысит {amount}.",
    "Документ предусматривает сотрудничество в сфере {tg}, {tg2} и {tg3}.",
    "Особое внимание было уделено вопросам {tg}.",
    "Встреча прошла в дружественной и конструктивной атмосфере.",
    "По итогам переговоров подписан меморандум о взаимопонимании в области {tg}.",
    "Следующий раунд консультаций пройдет в {month}.",
    "Программа рассчитана до {year2} года, ее бюджет составляет {amount}.",
    "В мероприятии приняли участие более {num} компаний.",
    "В заявлении подчеркивается, что {tn} остается приоритетом для региона.",
    "За последние {num2} лет объем взаимных инвестиций увеличился в {mult} раза.",
    "В повестку дня также вошли вопросы {tg} и развития {tg2}.",
    "Участники обсудили практические шаги по укреплению {tg}.",
    "По данным местных властей, в рамках проекта будет создано более {num} рабочих мест.",
    "Инициатива является частью стратегии в области {tg}, принятой в {year} году.",
    "Стороны выразили заинтересованность в расширении {tg}.",
    "Как сообщили в пресс-службе, в ходе переговоров подробно обсуждались вопросы {tg}.",
    "В {year} году этот показатель составил {amount}, свидетельствуют данные статистики.",
    "Подробности планируется объявить {weekday}.",
    "Проект реализуется в несколько этапов, первый из них завершится в {year2} году.",
    "Аналитики отмечают, что спрос в сфере {tg} стабильно растет с {year} года.",
    "Стороны отметили важность регулярных контактов на всех уровнях.",
    "По итогам заседания было принято совместное заявление.",
    "Дорожная карта определяет {num2} приоритетных направлений, среди них — {tn} и {tn2}.",
    "Наблюдатели назвали итоги встречи важным шагом в сфере {tg}.",
    "{Tn} названо одним из главных направлений совместной работы на ближайшие годы.",
    "С {year} года объем финансирования в сфере {tg} увеличился вдвое.",
    "Представители делового сообщества представили предложения в сфере {tg}.",
    "Рабочая группа доложит о ходе работы в сфере {tg} до конца {year2} года.",
]

# Keyed by the kinds of the entities a sentence names, in order.
EN_ENTITY = {
    ("person",): [
        "{P} said that {topic} remains a priority for the coming years.",
        "According to {P}, the parties agreed to expand cooperation in {topic}.",
        "{P} stressed the importance of {topic} for the whole region.",
        "In {his} turn, {P} noted the dynamic development of relations.",
        "{P} also briefed the participants on {topic}.",
        "The delegation was headed by {P}.",
        "{P} thanked the hosts for the warm welcome.",
        "Speaking at the event, {P} called for closer coordination on {topic}.",
        "{P} is expected to visit the region again in {month}.",
        "The talks were also attended by {P}.",
        "{P} said {he} was confident that {topic} would continue to grow.",
    ],
    ("person", "person"): [
        "{P} met with {P2} to discuss {topic}.",
        "{P} and {P2} discussed prospects for {topic}.",
        "During the meeting, {P} briefed {P2} on {topic}.",
        "{P} and {P2} agreed to meet again in {month}.",
    ],
    ("country",): [
        "{C} is ready to expand cooperation in {topic} with its partners.",
        "{C} attaches great importance to {topic}.",
        "Relations with {C} are developing in many areas, including {topic}.",
        "Investors from {C} have shown interest in {topic}.",
        "{C} was among the first to support the initiative.",
        "Exports to {C} rose by {pct} percent last year.",
    ],
    ("country", "country"): [
        "Trade turnover between {C} and {C2} grew by {pct} percent in {year}.",
        "{C} and {C2} signed a number of documents on {topic}.",
        "Direct flights between {C} and {C2} are expected to resume in {month}.",
    ],
    ("organization",): [
        "Representatives of {O} also took part in the talks.",
        "{O} will hold its next meeting in {month}.",
        "The project is supported by {O}.",
        "{O} has allocated {amount} for the programme.",
        "A report by {O} highlighted progress in {topic}.",
        "Cooperation within {O} was also on the agenda.",
    ],
    ("place",): [
        "The meeting took place in {L}.",
        "New infrastructure projects are planned in {L}, officials said.",
        "A new industrial park will be built in {L} by {year2}.",
        "Residents of {L} will benefit from the new programme.",
        "A similar forum was held in {L} last year.",
    ],
    ("event",): [
        "Preparations for {E} were also discussed.",
        "{E} is expected to bring together delegations from more than {num} countries.",
        "The results of {E} were discussed in detail.",
        "The sides agreed to coordinate their positions ahead of {E}.",
    ],
    ("person", "country"): [
        "{P} is on an official visit to {C}.",
        "{P} arrived in {C} on a working visit.",
    ],
    ("person", "organization"): [
        "{P} met with a delegation of {O}.",
        "{P} addressed a session of {O} on {topic}.",
    ],
    ("actor", "actor"): [
        "{X} and {Y} discussed prospects for {topic}.",
        "Talks between {X} and {Y} focused on {topic}.",
        "{X} and {Y} agreed to continue consultations on {topic}.",
    ],
}

RU_ENTITY = {
    ("person",): [
        "{P} отметил{a}, что {tn} остается приоритетом на ближайшие годы.",
        "Как заявил{a} {P}, стороны договорились расширить сотрудничество в сфере {tg}.",
        "{P} подчеркнул{a} важность {tg} для всего региона.",
        "В свою очередь {P} отметил{a} динамичное развитие отношений.",
        "{P} также проинформировал{a} участников о ходе работы в сфере {tg}.",
        "Делегацию возглавил{a} {P}.",
        "{P} поблагодарил{a} принимающую сторону за теплый прием.",
        "Выступая на мероприятии, {P} призвал{a} к более тесной координации в сфере {tg}.",
        "В переговорах также принял{a} участие {P}.",
        "{P} выразил{a} уверенность, что {tn} продолжит развиваться.",
    ],
    ("person", "person"): [
        "{P} и {P2} обсудили перспективы {tg}.",
        "В ходе встречи {P} и {P2} рассмотрели вопросы {tg}.",
        "Переговоры провели {P} и {P2}.",
        "{P} и {P2} договорились встретиться вновь в {month}.",
    ],
    ("country",): [
        "{C} придает большое значение развитию {tg}.",
        "{C} поддерживает инициативы в области {tg}.",
        "{C} входит в число ключевых партнеров в регионе.",
        "{C} выступает за расширение {tg}.",
        "По словам экспертов, {C} располагает значительным потенциалом в сфере {tg}.",
    ],
    ("country", "country"): [
        "{C} и {C2} подписали ряд документов в сфере {tg}.",
        "{C} и {C2} планируют возобновить прямое авиасообщение в {month}.",
        "Товарооборот между странами ({C} и {C2}) в {year} году вырос на {pct}%.",
    ],
    ("organization",): [
        "{O} проведет очередное заседание в {month}.",
        "Проект поддерживает {O}.",
        "{O} выделяет на реализацию программы {amount}.",
        "{O} отмечает прогресс в сфере {tg}.",
        "Отдельно обсуждалось сотрудничество в рамках структуры «{O}».",
    ],
    ("place",): [
        "Встреча прошла в городе {L}.",
        "В городе {L} планируется реализовать новые инфраструктурные проекты.",
        "К {year2} году в городе {L} будет построен индустриальный парк.",
        "Аналогичный форум в прошлом году прошел в городе {L}.",
    ],
    ("event",): [
        "Также обсуждалась подготовка к мероприятию «{E}».",
        "{E} соберет делегации более чем из {num} стран.",
        "Стороны подробно обсудили итоги мероприятия «{E}».",
        "Стороны договорились координировать позиции в преддверии мероприятия «{E}».",
    ],
    ("person", "country"): [
        "{P} находится с официальным визитом в стране: {C}.",
    ],
    ("person", "organization"): [
        "{P} принял{a} участие в заседании структуры «{O}».",
    ],
    ("actor", "actor"): [
        "{X} и {Y} обсудили перспективы {tg}.",
        "{X} и {Y} договорились продолжить консультации по вопросам {tg}.",
        "В центре внимания переговоров, в которых участвовали {X} и {Y}, были вопросы {tg}.",
    ],
}

# Headlines name the story's first one or two entities.
EN_TITLES = {
    "person": [
        "{P} discusses {topic} with regional partners",
        "{P} highlights progress in {topic} at meeting with business leaders",
        "{P} calls for closer cooperation on {topic}",
        "{P} outlines priorities in {topic} for {year2}",
    ],
    "country": [
        "{C} ready to expand {topic} with regional partners",
        "{C} reports growth in {topic} for {year}",
        "{C} eyes new opportunities in {topic}",
    ],
    "organization": [
        "{O} backs new programme on {topic}",
        "{O} reviews progress in {topic} across the region",
    ],
    "place": [
        "New projects on {topic} launched in {L}",
        "{L} to host international meeting on {topic}",
    ],
    "event": [
        "Preparations for {E} discussed at meeting on {topic}",
        "{E} to focus on {topic} and {topic2}",
    ],
    "pair": [
        "{X} and {Y} discuss prospects for {topic}",
        "{X}, {Y} agree to deepen cooperation in {topic}",
        "{X} and {Y} mull {topic} and {topic2}",
    ],
}

RU_TITLES = {
    "person": [
        "{P} обсудил{a} вопросы {tg} с региональными партнерами",
        "{P} отметил{a} прогресс в сфере {tg}",
        "{P} призвал{a} к расширению сотрудничества в сфере {tg}",
    ],
    "country": [
        "{C} выступает за развитие {tg} в регионе",
        "{C} придает большое значение развитию {tg}",
    ],
    "organization": [
        "{O} поддержит новую программу в сфере {tg}",
        "{O} подводит итоги работы в сфере {tg}",
    ],
    "place": [
        "В городе {L} стартовали новые проекты в сфере {tg}",
    ],
    "event": [
        "Подготовку к мероприятию «{E}» обсудили на встрече по вопросам {tg}",
    ],
    "pair": [
        "{X} и {Y} обсудили перспективы {tg}",
        "{X} и {Y} договорились углублять сотрудничество в сфере {tg}",
    ],
}
