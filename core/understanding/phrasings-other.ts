/**
 * Training phrasings for "none of these": ordinary questions a knowledge base answers, including the ones
 * that mention people, support, contact, charges, refunds or payments without asking for a person or being
 * upset ("how do I contact the seller", "can my partner use my card", "what are your support hours").
 * Without them a classifier would learn "support" or "refund" as a reason to hand off. Never copied from
 * evaluation sets.
 */
import { FEELING_SLOTS } from './phrasings-feelings';

export const OTHER_SLOTS: Record<string, readonly string[]> = {
  /** The same complaints frustration is trained with, said calmly: the topic alone is no reason to hand off. */
  /** (A double charge is left out: it is a dispute with the shop, taught as one in phrasings-sensitive.ts.) */
  TOPIC: FEELING_SLOTS.TOPIC.filter((t) => t !== '' && !t.includes('charged twice')),
  THING: ['my card', 'my account', 'my order', 'my refund', 'my payment', 'the app', 'my password', 'my instalment', 'my transfer', 'my delivery', 'my subscription', 'my pin', 'my balance', 'my limit', 'the late fee', 'my address', 'my phone number', 'my email', 'a return', 'my top up', 'my booking', 'my plan'],
  HOW: ['how do I', 'how can I', 'can I', 'where do I', 'is it possible to', 'what do I need to', 'how long does it take to', 'why can\'t I', 'I want to', 'I need to', 'help me', 'I would like to', 'when can I'],
  ACT: ['change', 'update', 'cancel', 'activate', 'reset', 'track', 'check', 'close', 'pay', 'top up', 'verify', 'return', 'unlock', 'find', 'use', 'renew', 'delete', 'see', 'get', 'order'],
  OTHERPERSON: ['my partner', 'my wife', 'my husband', 'my child', 'my son', 'my daughter', 'a friend', 'someone else', 'another person', 'my mother', 'my colleague', 'my employer', 'a family member'],
  THIRD: ['the seller', 'the shop', 'the merchant', 'the store', 'the courier', 'the restaurant', 'the airline', 'the delivery company', 'my bank', 'the sender', 'the recipient', 'the landlord'],
};

export const OTHER_TEMPLATES: readonly string[] = [
  '{|hi|hello|hey|hi there|good morning} $TOPIC{|?|, what should I do|, what can I do|, can you check|, why|, help}',
  '{|hi|hello} {I think|it seems|i noticed} $TOPIC{|, how do I fix it|, what now}',
  '{|excuse me|quick question|sorry|hello again|hi team} {|,} $TOPIC{|?|, can you tell me why|, is that normal|, please check}',
  '{can you check why|do you know why|could you tell me why|I wonder why|why} $TOPIC{|?}',
  '{where is my refund|where is my order|where is my money|where is my card|where is my package|where is my parcel}{|?| please| now}',
  '{|hi|hello|hey} $HOW $ACT $THING{|?}',
  '{why|when|where|how} {is|was|did|does} $THING {|not} {arrive|work|go through|show up|get declined|update|change|still pending|blocked|expire}{|?}',
  '$THING {is not working|has not arrived|was declined|is pending|is blocked|shows the wrong amount|is missing|expired|is late|failed}{|, what should I do|, why|, what now}',
  '{how do I|how can I|where can I} {contact|reach|message|find|call|email|write to} $THIRD{|?}',
  '{can|could|may} $OTHERPERSON {use|pay with|top up|access|see|have|share|order with} {my card|my account|my lumo account|my app|a card}{|?}',
  '{how do I|can I} {add|remove|send money to|pay|transfer money to|give access to} $OTHERPERSON{| to my account| from the app|?}',
  '{what are|when are|what are the|are you open during} {your support hours|your opening hours|the customer service hours|the office hours|holidays|weekends|support times}{|?}',
  '{is|are} {support|customer service|your team|the help desk} {open|available} {on weekends|on sundays|at night|today|during holidays}{|?}',
  '{someone|somebody|a stranger|a person} {sent me money|paid me|wants to pay me|gave me a gift card|asked for my details}{|, how do I receive it|, is that safe|, how does it work}',
  '{how long does|how long will|when will} {a refund|my refund|delivery|a transfer|shipping|the card|verification|a return} {take|arrive|be processed|come}{|?}',
  '{is there|do you charge|what is|how much is} {a fee|interest|the exchange rate|the late fee|a monthly charge|the delivery cost|a fee for paying early|a limit}{| for that| for transfers| to use it|?}',
  '{what happens if|what if} {I pay late|my payment fails|I miss a payment|I cancel|I return an item|my card expires|I move abroad}{|?}',
  '{I want to|i need to|how do I} {change|update|correct|edit} {my personal details|my name|my address|my phone number|my email address|my surname}',
  '{where|how} {can I|do I} {see|find|download|get} {my statement|my receipts|my invoices|my payment schedule|my contract|the terms}{|?}',
  '{what is|whats|what\'s} {the weather|the time|the capital of france|a good recipe|the meaning of life|your favourite colour|the score|the best phone}{|?| today| tomorrow}',
  '{tell me a joke|play some music|book a flight|set an alarm|recommend a movie|order a pizza|translate this|what can you do|who made you|sing a song}',
  '{ok|okay|sure|yes|no|maybe|got it|i see|alright|fine|great|cool|perfect|thanks|thank you|hello|hi|good morning|bye}',
  '{hola|buenos dias|gracias|bonjour|salut|merci|hallo|guten tag|danke|ola|bom dia|obrigado|ciao|buongiorno|grazie|hoi|dank je|hej|tack|привет|спасибо|你好|谢谢}{|!|?}',
  '{do you|can you|does lumo|can i} {ship|deliver|work|sell|operate|accept cards} {abroad|internationally|in germany|in my country|on weekends|online}{|?}',
  '{my|the} {agent code|personal details|personal information|personal loan|staff discount|human resources department|agency fee|manager account|customer number|support ticket number}{| is wrong| please| question|?}',
  '{I|we} {already|just} {talked to|spoke with|called|emailed} {support|the shop|your team|an agent} {and|but} {they said|it is fixed|i want to check|my refund is coming}{| how long does it take| when will it arrive|?}',
  '{when|how} will {the agent|support|your team|the courier|the shop} {reply|answer my email|deliver|call back}{|?}',
  '{how do I|can I} {report|block|freeze|replace} {a lost card|a stolen card|my lost phone|my card}{|?}',
  // "I need help with X" is a request for the bot's help, not a reason for a person (nor hardship: "help with my
  // payments" after losing a job is, in phrasings-sensitive.ts).
  '{|hi|hello} {I need help|i need some help|can you help me|could you help me|i need assistance|please help me} with {my order|my account|a payment|my payment|my delivery|a return|my card|my subscription|my refund|an order|the app|my password|my invoice}{| please|?}',
  '{necesito ayuda con|ayúdame con} {mi pedido|mi cuenta|un pago|mi tarjeta|una devolución}',
  "{j'ai besoin d'aide pour|aidez-moi avec} {ma commande|mon compte|un paiement|ma carte|un retour}",
  '{ich brauche Hilfe bei|ich brauche Hilfe mit|hilf mir bei} {meiner Bestellung|meinem Konto|einer Zahlung|meiner Karte|einer Rücksendung}',
  '{preciso de ajuda com|me ajuda com} {meu pedido|minha conta|um pagamento|meu cartão|uma devolução}',
  '{ho bisogno di aiuto con|aiutami con} {il mio ordine|il mio account|un pagamento|la mia carta|un reso}',
  '{ik heb hulp nodig met|help me met} {mijn bestelling|mijn account|een betaling|mijn kaart|een retour}',
  '{jag behöver hjälp med|hjälp mig med} {min beställning|mitt konto|en betalning|mitt kort|en retur}',
  '{мне нужна помощь с|помогите с} {заказом|аккаунтом|платежом|картой|возвратом}',
  '{我需要帮助|帮我看看|请帮我处理}{我的订单|我的账户|一笔付款|我的卡|退货}',
  // other languages: ordinary questions
  '{cómo|cuándo|dónde} {puedo|se puede} {cambiar|pagar|cancelar|ver|devolver} {mi pedido|mi tarjeta|mi contraseña|el pago|un artículo}{|?}',
  '{comment|quand|où} {puis-je|est-ce que je peux} {changer|payer|annuler|voir|retourner} {ma commande|ma carte|mon mot de passe|le paiement}{|?}',
  '{wie|wann|wo} {kann ich|muss ich} {meine Bestellung|meine Karte|mein Passwort|die Zahlung} {ändern|bezahlen|stornieren|sehen|zurückschicken}{|?}',
  '{como|quando|onde} {posso|devo} {mudar|pagar|cancelar|ver|devolver} {meu pedido|meu cartão|minha senha|o pagamento}{|?}',
  '{come|quando|dove} {posso|devo} {cambiare|pagare|annullare|vedere|restituire} {il mio ordine|la mia carta|la password|il pagamento}{|?}',
  '{hoe|wanneer|waar} {kan ik|moet ik} {mijn bestelling|mijn kaart|mijn wachtwoord|de betaling} {wijzigen|betalen|annuleren|zien|terugsturen}{|?}',
  '{hur|när|var} {kan jag|ska jag} {ändra|betala|avbryta|se|returnera} {min beställning|mitt kort|mitt lösenord|betalningen}{|?}',
  '{как|когда|где} {мне|можно} {изменить|оплатить|отменить|посмотреть|вернуть} {заказ|карту|пароль|платёж}{|?}',
  // Not getting into one's own account is a login question (someone else getting in is fraud), in every language.
  "{i can't|i cannot|i can not|cant} {get into|log into|sign into|access|open} my account{| anymore| since yesterday|, help}",
  '{no puedo|no consigo} {entrar en|acceder a} mi cuenta{| desde ayer|, ayuda}',
  "{je n'arrive pas à|je ne peux pas} {me connecter à|accéder à|entrer dans} mon compte{| depuis hier}",
  '{ich komme nicht|ich kann mich nicht} {in mein Konto|in mein Kundenkonto|einloggen|anmelden}{| seit gestern}',
  '{não consigo|não dá para} {entrar na|acessar a} minha conta{| desde ontem}',
  '{non riesco ad|non posso} {accedere al|entrare nel} mio account{| da ieri}',
  '{ik kan niet|ik kom niet} {inloggen op|in} mijn account{| sinds gisteren}',
  '{jag kommer inte in på|jag kan inte logga in på} mitt konto{| sedan igår}',
  '{не могу|не получается} {войти в|зайти в} {аккаунт|мой аккаунт|личный кабинет}',
  '{我登录不了|我进不去|无法登录}{我的账户|账户|账号}',
  // How paying works when shopping with us: "shop", "buy" and "pay" together are no dispute, in every language.
  '{how does|how do} {paying in instalments|pay later|split payment|paying later|the payment plan} work {when I shop with you|when I buy something|at checkout|}{|?}',
  '{cómo funciona|como funciona} {el pago a plazos|pagar después|el pago fraccionado} {cuando compro con ustedes|al comprar|}{|?}',
  "comment {fonctionne le paiement en plusieurs fois|marche le paiement différé} {quand j'achète chez vous|à la caisse|}{| ?}",
  'wie funktioniert {die Ratenzahlung|später bezahlen|der Ratenkauf} {wenn ich bei euch einkaufe|beim Einkaufen|}{|?}',
  'como funciona {o pagamento parcelado|pagar depois|o parcelamento} {quando compro com vocês|nas compras|}{|?}',
  'come funziona {il pagamento a rate|paga dopo|il pagamento dilazionato} {quando compro da voi|agli acquisti|}{|?}',
  'hoe werkt {gespreid betalen|achteraf betalen|betalen in termijnen} {als ik bij jullie koop|bij het afrekenen|}{|?}',
  'hur fungerar {delbetalning|betala senare|avbetalning} {när jag handlar hos er|när jag handlar|i kassan|}{|?}',
  'как работает {оплата частями|рассрочка|оплата позже} {когда я покупаю у вас|при покупке|}{|?}',
  '{分期付款|先买后付|稍后付款}{怎么用|是怎么运作的|购物时怎么用}{|？}',
  // Tracking an order, asked plainly in every language.
  '{cómo|dónde} {puedo rastrear|puedo seguir|sigo} mi {pedido|paquete|envío}{|?}',
  '{comment|où} {puis-je suivre|suivre|je suis} ma {commande|colis|livraison}{| ?}',
  '{wie|wo} kann ich {meine Bestellung|mein Paket|meine Sendung} verfolgen{|?}',
  '{como|onde} {posso rastrear|rastreio|acompanho} {meu pedido|minha encomenda|o envio}{|?}',
  '{come|dove} {posso tracciare|posso seguire|traccio} {il mio ordine|il pacco|la spedizione}{|?}',
  '{hoe|waar} kan ik {mijn bestelling|mijn pakket|de zending} volgen{|?}',
  '{hur|var} kan jag spåra {min beställning|mitt paket|försändelsen}{|?}',
  '{как|где} {отследить|можно отследить|мне отследить|посмотреть статус} {мой заказ|заказ|посылку|доставку}{|?}',
  '{怎么|如何|在哪里}{查看物流|跟踪订单|查快递|查询订单状态}{|？|呢}',
  '{怎么|如何|在哪里}{修改|支付|取消|查看|退回}{订单|银行卡|密码|付款}{|？|呢}',
  '{the app|my app|the website|the site|it} keeps {logging me out|signing me out|asking for my password|showing an error|freezing|closing}{|, how do I fix it|, what should I do|?}',
  // a feeling denied, then a plain question
  "{not|I'm not|im not|I am not} {angry|upset|mad|annoyed|complaining} {at all|or anything|}{,|} just {wondering|asking|checking|curious} {when my refund arrives|when the refund lands|where my order is|how long delivery takes|when my next payment is|how this works}",
  // "real" that is no person: a real (physical) card, a real address
  '{can I get|can I have|how do I get|I want|I would like|do you offer} {a real card|a physical card|a plastic card|a real bank card|a card I can hold}{|?| please}',
  // "can I pay" asked plainly (early, in full, another way): not the "I can't pay" of hardship, in any language
  '{can I|could I|is it possible to|am I able to} {pay|settle|clear} {early|in full|off everything|before the due date|now|with paypal|by card|the rest at once}{|?}',
  '{¿|}{puedo|se puede|es posible} {pagar|adelantar el pago|liquidar todo} {antes de tiempo|por adelantado|de una vez|con tarjeta|con paypal|ahora|antes de la fecha}{|?}',
  '{est-ce que je peux|puis-je|peut-on} {payer|régler|rembourser} {en avance|en une fois|tout maintenant|par carte|avec paypal|avant la date}{| ?}',
  '{kann ich|darf ich|ist es möglich,} {früher|vorzeitig|alles auf einmal|mit Karte|mit PayPal|jetzt schon} {zahlen|bezahlen|begleichen}{|?}',
  '{posso|é possível|dá para} {pagar|quitar|adiantar} {antes do prazo|tudo de uma vez|com cartão|com paypal|agora|adiantado}{|?}',
  '{posso|è possibile|si può} {pagare|saldare} {in anticipo|tutto subito|con la carta|con paypal|prima della scadenza}{|?}',
  '{kan ik|mag ik|is het mogelijk om} {eerder|vooruit|alles in één keer|met mijn kaart|met paypal|nu al} {betalen|afbetalen}{|?}',
  '{kan jag|går det att} {betala|lösa} {i förtid|allt på en gång|med kort|med paypal|redan nu|före förfallodagen}{|?}',
  '{можно|могу ли я} {оплатить|погасить|заплатить} {досрочно|заранее|всё сразу|картой|через paypal|сейчас}{|?}',
  '{我可以|可以|能不能}{提前还款|提前付款|一次性付清|用信用卡付款|现在付款}{|吗|？|吗？}',
];
